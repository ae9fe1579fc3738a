package model_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/model"
)

var queues = []string{"billing", "technical", "shipping", "other"}

// fixedRules answers a fixed route and confidence, like the rules router.
func fixedRules(queue string, conf float64, matched ...string) processors.Processor {
	return processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
		if err := ctx.Err(); err != nil {
			return processors.Output{}, err
		}
		return processors.Output{
			Decision:   &processors.Route{Queue: queue, Matched: matched},
			Provenance: processors.Provenance{Source: processors.SourceRules, EngineVersion: "rules-abc", Confidence: &conf},
		}, nil
	})
}

func TestCombinedDecides(t *testing.T) {
	m := toy(t) // DefaultPolicy: rules strong at 0.5, abstained 0.3, overrule 0.8
	parcel := "the courier lost my parcel, tracking has not moved"
	pTop := m.Predict("", parcel)[0]
	if pTop.Class != "shipping" || pTop.P < 0.8 {
		t.Fatalf("toy model: %+v, want shipping >= 0.8", pTop)
	}
	pOf := func(q string) float64 {
		for _, s := range m.Predict("", parcel) {
			if s.Class == q {
				return s.P
			}
		}
		return 0
	}
	for name, tc := range map[string]struct {
		rules   processors.Processor
		queue   string
		matched []string
		conf    float64
	}{
		"rules abstained: the model decides":     {fixedRules("other", 0), "shipping", []string{model.Evidence(pTop.P)}, pTop.P},
		"strong rules stand, unsure":             {fixedRules("billing", 0.6, "billing.charge"), "billing", []string{"billing.charge"}, min(0.6, pOf("billing"))},
		"weak rules are overruled":               {fixedRules("billing", 0.2, "billing.charge"), "shipping", []string{model.Evidence(pTop.P)}, pTop.P},
		"agreeing model is listed beside rules":  {fixedRules("shipping", 0.9, "shipping.parcel"), "shipping", []string{"shipping.parcel", model.Evidence(pTop.P)}, max(0.9, pTop.P)},
		"agreeing model on weak rules is listed": {fixedRules("shipping", 0.1, "shipping.parcel"), "shipping", []string{"shipping.parcel", model.Evidence(pTop.P)}, pTop.P},
	} {
		c, err := model.Combine(tc.rules, "rules-abc", queues, m)
		if err != nil {
			t.Fatal(err)
		}
		out, err := c.Process(context.Background(), processors.Input{Body: parcel})
		if err != nil {
			t.Fatal(err)
		}
		rt := out.Decision.(*processors.Route)
		if rt.Queue != tc.queue || !slices.Equal(rt.Matched, tc.matched) {
			t.Errorf("%s: route %+v, want %s %v", name, rt, tc.queue, tc.matched)
		}
		if out.Provenance.EngineVersion != "rules-abc+"+m.Version || out.Provenance.Source != processors.SourceRules {
			t.Errorf("%s: provenance %+v", name, out.Provenance)
		}
		if got := *out.Provenance.Confidence; got != tc.conf {
			t.Errorf("%s: confidence %v, want %v (model %v)", name, got, tc.conf, pTop.P)
		}
	}
}

// TestCombinedAbstainsWhenUnsure: an unsure model leaves the rules'
// fallback, and a weak rules answer stands below the overrule threshold.
func TestCombinedAbstainsWhenUnsure(t *testing.T) {
	m := toy(t)
	m.Combine = model.Policy{RulesStrong: 0.5, Abstained: 0.5, Overrule: 0.5}
	if err := m.Seal(); err != nil {
		t.Fatal(err)
	}
	text := "zzzz" // unseen: the prior, billing 0.4
	if p := m.Predict("", text)[0]; p.Class != "billing" || p.P >= 0.5 {
		t.Fatalf("toy model: %+v", p)
	}
	for _, r := range []processors.Processor{fixedRules("other", 0), fixedRules("technical", 0.1, "t")} {
		c, _ := model.Combine(r, "rules-abc", queues, m)
		want, _ := r.Process(context.Background(), processors.Input{})
		out, err := c.Process(context.Background(), processors.Input{Body: text})
		if err != nil {
			t.Fatal(err)
		}
		if q := out.Decision.(*processors.Route).Queue; q != want.Decision.(*processors.Route).Queue {
			t.Errorf("queue %s, want the rules' %s", q, want.Decision.(*processors.Route).Queue)
		}
	}
}

func TestCombineRefusesUnknownQueues(t *testing.T) {
	_, err := model.Combine(fixedRules("other", 0), "rules-abc", []string{"billing", "other"}, toy(t))
	if err == nil || !strings.Contains(err.Error(), "shipping") || !strings.Contains(err.Error(), "technical") {
		t.Errorf("error %v, want one naming shipping and technical", err)
	}
}

func TestCombinedPassesErrors(t *testing.T) {
	m := toy(t)
	c, _ := model.Combine(fixedRules("other", 0), "rules-abc", queues, m)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Process(ctx, processors.Input{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	order := processors.Func(func(context.Context, processors.Input) (processors.Output, error) {
		return processors.Output{Decision: &processors.Order{}}, nil
	})
	c, _ = model.Combine(order, "rules-abc", queues, m)
	if _, err := c.Process(context.Background(), processors.Input{}); err == nil {
		t.Error("an order decision was combined")
	}
	if c.Version() != "rules-abc+"+m.Version {
		t.Errorf("Version %s", c.Version())
	}
}
