package model_test

import (
	"context"
	"testing"

	"github.com/triage/triage/internal/learn"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/model"
)

// fixedOrder answers a fixed order and confidence, like the rules
// extractor.
func fixedOrder(o processors.Order, conf float64) processors.Processor {
	return processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
		c := o
		return processors.Output{Decision: &c,
			Provenance: processors.Provenance{Source: processors.SourceRules, EngineVersion: "rules-abc", Confidence: &conf}}, nil
	})
}

// orderModel trains a toy order model: requests to buy against
// complaints about what came.
func orderModel(t *testing.T, p model.Policy) *model.Model {
	t.Helper()
	var ex []learn.Example
	for _, e := range []struct{ body, label string }{
		{"please send 3 boxes of nails", model.ClassOrder}, {"we would like to order 2 ladders", model.ClassOrder},
		{"send us 10 bags of cement please", model.ClassOrder}, {"order 4 hammers for the site", model.ClassOrder},
		{"the 3 boxes of nails you sent were broken", model.ClassNotOrder}, {"the 2 ladders arrived damaged, refund them", model.ClassNotOrder},
		{"your invoice for 10 bags of cement is wrong", model.ClassNotOrder}, {"the 4 hammers you sent are broken", model.ClassNotOrder},
	} {
		ex = append(ex, learn.Example{Body: e.body, Label: e.label, Weight: 1, Source: learn.SourceLabelled})
	}
	o := learn.DefaultOptions()
	o.MinWeight, o.Policy = 0, p
	m, err := learn.Train(ex, o)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestCombineOrdersDeclines: a weak rules order the model is sure is none
// becomes no order that names the model; a firm one, an order with a
// quoted item, an order the model believes, and no order all stand.
func TestCombineOrdersDeclines(t *testing.T) {
	m := orderModel(t, model.Policy{RulesStrong: 0.9, Abstained: 1, Overrule: 0.6})
	complaint := "the 2 ladders you sent arrived broken, refund them"
	no := m.Predict("", complaint)
	if no[0].Class != model.ClassNotOrder || no[0].P < 0.6 {
		t.Fatalf("toy model: %+v", no)
	}
	read := processors.Order{IsOrder: true, OrderRef: "PO-7", Items: []processors.Item{{Product: "ladders", Quantity: 2}}}
	quoted := processors.Order{IsOrder: true, Items: []processors.Item{{Product: "ladders", Quantity: 2, Origin: processors.OriginQuoted}}}
	for name, tc := range map[string]struct {
		rules    processors.Processor
		body     string
		declined bool
	}{
		"weak order the model declines": {fixedOrder(read, 0.6), complaint, true},
		"firm order stands":             {fixedOrder(read, 0.95), complaint, false},
		"quoted item stands":            {fixedOrder(quoted, 0.6), complaint, false},
		"an order the model believes":   {fixedOrder(read, 0.6), "please send 2 ladders", false},
		"no order stays no order":       {fixedOrder(processors.Order{Items: []processors.Item{}}, 0.8), complaint, false},
	} {
		c, err := model.CombineOrders(tc.rules, "rules-abc", m)
		if err != nil {
			t.Fatal(err)
		}
		out, err := c.Process(context.Background(), processors.Input{Body: tc.body})
		if err != nil {
			t.Fatal(err)
		}
		o := out.Decision.(*processors.Order)
		if out.Provenance.EngineVersion != "rules-abc+"+m.Version {
			t.Errorf("%s: engine version %s", name, out.Provenance.EngineVersion)
		}
		if !tc.declined {
			if o.DeclinedBy != "" {
				t.Errorf("%s: declined %+v", name, o)
			}
			continue
		}
		p := m.Predict("", tc.body)[0].P
		if o.IsOrder || len(o.Items) != 0 || o.Items == nil || o.OrderRef != "PO-7" || o.DeclinedBy != model.Evidence(p) || *out.Provenance.Confidence != p {
			t.Errorf("%s: %+v, confidence %v; want no order declined by %s", name, o, *out.Provenance.Confidence, model.Evidence(p))
		}
	}
}

// TestCombineOrdersRefusesARouter: a routing model is no order model.
func TestCombineOrdersRefusesARouter(t *testing.T) {
	if _, err := model.CombineOrders(fixedOrder(processors.Order{}, 0), "rules-abc", toy(t)); err == nil {
		t.Error("a routing model checks orders")
	}
}
