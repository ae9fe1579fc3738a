package eval

import (
	"context"
	"strings"
	"testing"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/calib"
)

// TestReliabilityInTheReport: a rules run carries a reliability table over
// every decision, raw and calibrated by the embedded table, and prints it.
func TestReliabilityInTheReport(t *testing.T) {
	for _, tc := range []struct{ task, data string }{{TaskRoute, "testdata/route_small.jsonl"}, {TaskExtract, "testdata/extract_small.jsonl"}} {
		rep, err := Run(context.Background(), Options{Task: tc.task, Data: tc.data})
		if err != nil {
			t.Fatal(err)
		}
		r := rep.Reliability
		if r == nil || r.Engine != "rules" || r.N != rep.N || len(r.Raw) != ReliabilityBins || len(r.Calibrated) != ReliabilityBins ||
			r.Table != calib.Default("rules", tc.task).Version() || len(rep.Samples) != rep.N {
			t.Fatalf("%s: reliability %+v", tc.task, r)
		}
		n := 0
		for _, b := range r.Raw {
			n += b.Count
		}
		var text strings.Builder
		if err := rep.WriteText(&text); err != nil {
			t.Fatal(err)
		}
		if n != rep.N || !strings.Contains(text.String(), "reliability (") || !strings.Contains(text.String(), "ECE ") ||
			!strings.Contains(text.String(), "calibrated by "+r.Table) {
			t.Errorf("%s: %d decisions in the bins of %d; text:\n%s", tc.task, n, rep.N, text.String())
		}
	}
}

// TestReliabilityRightness: an extraction is right only when is_order
// agrees and, for an order, its items pair one to one with the gold's.
func TestReliabilityRightness(t *testing.T) {
	gold := processors.Order{IsOrder: true, Items: []processors.Item{{Product: "storm lantern", Quantity: 40}, {Product: "lamp oil", Quantity: 2}}}
	for _, tc := range []struct {
		pred processors.Order
		want bool
	}{
		{gold, true},
		{processors.Order{IsOrder: true, Items: []processors.Item{{Product: "lanterns", Quantity: 40}, {Product: "oil", Quantity: 2}}}, true},
		{processors.Order{IsOrder: true, Items: gold.Items[:1]}, false},
		{processors.Order{IsOrder: true, Items: append(append([]processors.Item{}, gold.Items...), processors.Item{Product: "Mill Lane", Quantity: 14})}, false},
		{processors.Order{IsOrder: true, Items: []processors.Item{{Product: "storm lantern", Quantity: 4}, {Product: "lamp oil", Quantity: 2}}}, false},
		{processors.Order{}, false},
	} {
		if got := OrderRight(gold, tc.pred); got != tc.want {
			t.Errorf("OrderRight(%+v) = %v, want %v", tc.pred.Items, got, tc.want)
		}
	}
	if !OrderRight(processors.Order{}, processors.Order{}) || OrderRight(processors.Order{}, gold) {
		t.Error("not-an-order cases")
	}
}

// TestReliabilityOfACascade: confidences from two engines are tabled raw,
// with no calibration applied on top.
func TestReliabilityOfACascade(t *testing.T) {
	r := reliability(engineOf(Options{Mode: ModeCascade}), TaskRoute, []calib.Sample{{Conf: 0.9, Correct: true}})
	if r.Engine != "" || r.Table != "" || r.Calibrated != nil || r.N != 1 {
		t.Fatalf("%+v", r)
	}
}
