package decode_test

import (
	"testing"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode"
	"github.com/triage/triage/processors/decode/clean"
	"github.com/triage/triage/processors/llm"
	"github.com/triage/triage/processors/rules"
	"github.com/triage/triage/prompts"
)

// orderSets are the order-email sets cleaning is measured on: the rules'
// dev sets (mostly clean mail) and the reply-chain set, whose gold is the
// order of the new message only (a quoted older order must not be
// extracted again).
var orderSets = []string{
	"../rules/testdata/orders.jsonl",
	"../rules/testdata/orders_batch3.jsonl",
	"testdata/clean/orders_replies.jsonl",
}

// TestCleaningHoldsOrImprovesRulesEval scores the rules extractor on the raw
// and on the cleaned bodies of every order set: no metric may drop.
func TestCleaningHoldsOrImprovesRulesEval(t *testing.T) {
	r, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	ex := rules.NewExtractor(r)
	for _, set := range orderSets {
		cases, err := eval.LoadOrders(set)
		if err != nil {
			t.Fatal(err)
		}
		var gold, raw, cleaned []processors.Order
		for _, c := range cases {
			o, _ := ex.Extract(c.In.Subject, c.In.RawBody)
			oc, _ := ex.Extract(c.In.Subject, clean.Clean(c.In.RawBody).New)
			gold, raw, cleaned = append(gold, c.Gold), append(raw, o), append(cleaned, oc)
		}
		before, after := eval.ScoreOrders(gold, raw), eval.ScoreOrders(gold, cleaned)
		t.Logf("%s (%d emails)\n  raw:     %s\n  cleaned: %s", set, len(cases), before, after)
		for _, m := range []struct {
			name          string
			before, after float64
		}{
			{"order F1", before.OrderF1, after.OrderF1},
			{"item exact", before.ItemExactMatch, after.ItemExactMatch},
			{"item recall (word overlap)", before.ItemRecall, after.ItemRecall},
			{"item precision (word overlap)", before.ItemPrecision, after.ItemPrecision},
			{"price accuracy", before.PriceAccuracy, after.PriceAccuracy},
			{"ref accuracy", before.Ref.Accuracy, after.Ref.Accuracy},
			{"currency accuracy", before.Currency.Accuracy, after.Currency.Accuracy},
		} {
			if m.after < m.before-1e-9 {
				t.Errorf("%s: %s dropped from %.3f to %.3f", set, m.name, m.before, m.after)
			}
		}
	}
}

// TestNormalizeHoldsRoutingEval: tickets are only normalised; routing on
// the dev set must not change for the worse.
func TestNormalizeHoldsRoutingEval(t *testing.T) {
	r, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	rt := rules.NewRouter(r)
	cases, err := eval.LoadRoutes("../rules/testdata/route_default.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var gold, raw, norm []string
	for _, c := range cases {
		a, _ := rt.Route(c.In.Subject, c.In.RawBody)
		b, _ := rt.Route(c.In.Subject, clean.Normalize(c.In.RawBody))
		gold, raw, norm = append(gold, c.Gold.Queue), append(raw, a.Queue), append(norm, b.Queue)
	}
	before, after := eval.ScoreRoutes(gold, raw), eval.ScoreRoutes(gold, norm)
	t.Logf("routing accuracy raw %.3f, normalised %.3f (%d tickets)", before.Accuracy, after.Accuracy, len(cases))
	if after.Accuracy < before.Accuracy {
		t.Errorf("routing accuracy dropped from %.3f to %.3f", before.Accuracy, after.Accuracy)
	}
}

// TestCleaningSavesPromptTokens counts the tokens of the rendered extract
// prompt (system and user message, gpt-4o-mini's encoding) with raw and with
// cleaned bodies, per order set, and logs the ratio; the cleaned prompt
// carries the quoted context (Input.Quoted) as the service sends it, and
// its share is logged. Cleaning the body must never make a prompt longer.
func TestCleaningSavesPromptTokens(t *testing.T) {
	counter, err := llm.NewCounter("gpt-4o-mini")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := prompts.Load(prompts.Extract)
	if err != nil {
		t.Fatal(err)
	}
	tokens := func(subject, body, quoted string) int {
		msgs, err := tmpl.Render(prompts.Vars{Subject: subject, Body: body, Quoted: quoted})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range msgs {
			n += counter.Count(m.Content)
		}
		return n
	}
	empty := tokens("", "", "")
	for _, set := range orderSets {
		cases, err := eval.LoadOrders(set)
		if err != nil {
			t.Fatal(err)
		}
		var raw, cleaned, context int
		for _, c := range cases {
			r := clean.Clean(c.In.RawBody)
			a, b := tokens(c.In.Subject, c.In.RawBody, ""), tokens(c.In.Subject, r.New, "")
			if b > a {
				t.Errorf("%s %s: cleaning made the prompt longer (%d > %d tokens)", set, c.ID(), b, a)
			}
			q := tokens(c.In.Subject, r.New, clean.Context(r.Quoted, decode.MaxQuotedBytes))
			raw, cleaned, context = raw+a, cleaned+q, context+q-b
		}
		n := len(cases) * empty // the template without subject and body
		t.Logf("%s (%d emails): prompt tokens raw %d, cleaned %d (%d of them the quoted context): %.1f%% saved, cleaned/raw %.3f; "+
			"email text only (template's %d tokens/email excluded): raw %d, cleaned %d: %.1f%% saved",
			set, len(cases), raw, cleaned, context, 100*(1-float64(cleaned)/float64(raw)), float64(cleaned)/float64(raw),
			empty, raw-n, cleaned-n, 100*(1-float64(cleaned-n)/float64(raw-n)))
	}
}
