package eval

import (
	"context"
	"testing"
)

// rulesDir is processors/rules, which holds the shipped rules files and the
// labelled sets (testdata/datasets holds the converted public sets, with
// their licences).
const rulesDir = "../../processors/rules/"

// TestShippedRulesOnDatasets runs Run, as "triage eval" does, with each
// shipped rules file on a labelled set it was not written from, and holds
// the agreed floors.
func TestShippedRulesOnDatasets(t *testing.T) {
	tests := []struct {
		name      string
		o         Options
		accuracy  float64 // route floor
		f1, items float64 // extract floors
	}{
		{name: "bitext dev", o: Options{Task: TaskRoute, Data: rulesDir + "testdata/datasets/bitext/dev.jsonl",
			RulesFile: rulesDir + "bitext.yaml"}, accuracy: 0.80},
		{name: "default routing", o: Options{Task: TaskRoute, Data: rulesDir + "testdata/route_default.jsonl"},
			accuracy: 0.85},
		{name: "default extraction batch 3", o: Options{Task: TaskExtract, Data: rulesDir + "testdata/orders_batch3.jsonl"},
			f1: 0.9, items: 0.9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Run(context.Background(), tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Errors > 0 || rep.Usage.Sources["rules"] != rep.N {
				t.Errorf("errors %d (%s), sources %v", rep.Errors, rep.FirstError, rep.Usage.Sources)
			}
			switch tt.o.Task {
			case TaskRoute:
				t.Logf("%s: n %d accuracy %.3f macro-F1 %.3f", tt.name, rep.N, rep.Accuracy, rep.MacroF1)
				if rep.Accuracy < tt.accuracy || len(rep.GoldNotInRules) > 0 {
					t.Errorf("accuracy %.3f < %.2f, or gold queues unknown to the rules: %v", rep.Accuracy, tt.accuracy, rep.GoldNotInRules)
				}
			case TaskExtract:
				t.Logf("%s: n %d order F1 %.3f items %.3f price %.3f", tt.name, rep.N, rep.OrderF1, rep.ItemExactMatch, rep.PriceAccuracy)
				if rep.OrderF1 < tt.f1 || rep.ItemExactMatch < tt.items {
					t.Errorf("order F1 %.3f < %.2f or item exact match %.3f < %.2f", rep.OrderF1, tt.f1, rep.ItemExactMatch, tt.items)
				}
			}
		})
	}
}
