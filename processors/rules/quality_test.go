package rules_test

import (
	"encoding/json"
	"testing"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/rules"
)

// TestQualityOnDevSets scores the default rules on the hand-labelled dev sets
// in testdata and fails below the agreed floors.
func TestQualityOnDevSets(t *testing.T) {
	r, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("route", func(t *testing.T) {
		m := routeScoreFile(t, r, "testdata/route_default.jsonl")
		t.Logf("routing on the dev tickets:\n%s", m)
		if m.Accuracy < 0.85 {
			t.Errorf("routing accuracy %.3f < 0.85", m.Accuracy)
		}
	})
	for _, set := range []struct {
		file                       string
		f1, items, itemPrec, price float64 // floors
	}{
		{"testdata/orders.jsonl", 0.9, 0.8, 0.9, 0.9},
		// Batch 3 was written after the demo showed the rules failing on unseen
		// mail (pack sizes, addresses, PO references, quote requests, long
		// codes, GBP/CHF/SEK/JPY) and scored once before the rules changed:
		// order F1 0.902, items 0.716, item precision 0.545, price 0.459,
		// ref 0.923, currency 0.769. After: 1.000, 0.985, 1.000, 0.958, 1.000,
		// 0.962. It is no longer held out.
		{"testdata/orders_batch3.jsonl", 0.9, 0.9, 0.9, 0.85},
		// Batch 4 covers styles the sets above lacked: non-native wording,
		// quantities after the product ("x 3", "– 3 pcs", ": 3"), inline and
		// CSV lists, digits in names, "3 (three)", ranges, replies, "same as
		// last time plus", order changes and cancellations, marketplace and
		// form blocks. Scored once before the rules changed: order F1 0.909,
		// items 0.765, item precision 0.912, price 0.875. After: 1.000,
		// 0.988, 1.000, 0.913. It is no longer held out.
		{"testdata/orders_batch4.jsonl", 0.95, 0.95, 0.95, 0.85},
		// Batch 5 was written after those fixes, in fresh wording, and scored
		// once: order F1 0.964, items 0.908, item precision 0.922, price
		// 0.875. The floors are that honest figure minus a small margin.
		{"testdata/orders_batch5.jsonl", 0.92, 0.87, 0.88, 0.82},
	} {
		t.Run("extract/"+set.file, func(t *testing.T) {
			m := scoreExtraction(t, r, set.file)
			for _, f := range []struct {
				name       string
				got, floor float64
			}{
				{"order detection F1", m.OrderF1, set.f1},
				{"item exact match", m.ItemExactMatch, set.items},
				{"item precision (exact match)", m.ExactPrecision, set.itemPrec},
				{"unit price accuracy", m.PriceAccuracy, set.price},
			} {
				if f.got < f.floor {
					t.Errorf("%s %.3f < %.2f", f.name, f.got, f.floor)
				}
			}
		})
	}
}

// scoreExtraction reads the labelled emails of file as "triage eval" does
// (eval.LoadOrders), runs the extractor of r on each subject and body as
// written (RawBody: the rules' own tests score the engine, not the
// cleaning), logs the misses when verbose, and scores with eval.ScoreOrders.
func scoreExtraction(t *testing.T, r *rules.Rules, file string) *eval.ExtractResult {
	t.Helper()
	cases, err := eval.LoadOrders(file)
	if err != nil {
		t.Fatal(err)
	}
	ex := rules.NewExtractor(r)
	var gold, pred []processors.Order
	for _, c := range cases {
		got, _ := ex.Extract(c.In.Subject, c.In.RawBody)
		gold, pred = append(gold, c.Gold), append(pred, got)
		if testing.Verbose() {
			m := eval.ScoreOrders([]processors.Order{c.Gold}, []processors.Order{got})
			if m.Detection.TP+m.Detection.TN != 1 || m.MatchedItems != m.GoldItems || m.MatchedItems != m.PredictedItems ||
				m.PriceCorrect != m.PricedItems || m.Ref.Correct != m.Ref.N || m.Currency.Correct != m.Currency.N {
				g, _ := json.Marshal(c.Gold)
				p, _ := json.Marshal(got)
				t.Logf("miss %s: gold %s\n      got  %s", c.ID(), g, p)
			}
		}
	}
	m := eval.ScoreOrders(gold, pred)
	t.Logf("extraction on %d emails:\n%s", len(cases), m)
	return m
}

// routeScoreFile reads the labelled tickets of file as "triage eval" does
// (eval.LoadRoutes), routes each subject and body as written with rules r,
// logs the misses when verbose, and scores with eval.ScoreRoutes. keep, when
// not nil, selects the records by their 0-based index.
func routeScoreFile(t *testing.T, r *rules.Rules, file string, keep ...func(i int) bool) *eval.RouteResult {
	t.Helper()
	cases, err := eval.LoadRoutes(file)
	if err != nil {
		t.Fatal(err)
	}
	rt := rules.NewRouter(r)
	var gold, pred []string
	for i, c := range cases {
		if len(keep) > 0 && !keep[0](i) {
			continue
		}
		got, _ := rt.Route(c.In.Subject, c.In.RawBody)
		gold, pred = append(gold, c.Gold.Queue), append(pred, got.Queue)
		if testing.Verbose() && got.Queue != c.Gold.Queue {
			t.Logf("miss %s %q: gold %s got %s %v", c.ID(), c.In.RawBody, c.Gold.Queue, got.Queue, got.Matched)
		}
	}
	return eval.ScoreRoutes(gold, pred)
}
