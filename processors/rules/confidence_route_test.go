package rules_test

import (
	"testing"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/processors/rules"
)

// The router's raw confidence, (s1-s2)/(s1+1), is informative: over the
// labelled routing sets, decisions in a higher third of confidence are
// right at least as often as those in a lower one, and the top third
// clearly more often than the bottom. processors/calib maps it to
// accuracy; this holds the ranking the mapping needs.
func TestRouteConfidenceRanks(t *testing.T) {
	r, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	rt := rules.NewRouter(r)
	var right, n [3]float64
	for _, f := range []string{"testdata/route_holdout_e.jsonl", "testdata/route_holdout_f.jsonl",
		"../../internal/eval/testdata/frozen/2026-11-29/tickets.jsonl"} {
		cases, err := eval.LoadRoutes(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			got, conf := rt.Route(c.In.Subject, c.In.RawBody)
			bin := min(int(conf*3), 2)
			n[bin]++
			if got.Queue == c.Gold.Queue {
				right[bin]++
			}
		}
	}
	var acc [3]float64
	for i := range acc {
		if n[i] == 0 {
			t.Fatalf("no decision with confidence in third %d", i)
		}
		acc[i] = right[i] / n[i]
	}
	t.Logf("accuracy by confidence third: %.3f (%v) %.3f (%v) %.3f (%v)", acc[0], n[0], acc[1], n[1], acc[2], n[2])
	if acc[0] > acc[1] || acc[1] > acc[2] || acc[2]-acc[0] < 0.1 {
		t.Errorf("confidence does not rank decisions: %v", acc)
	}
}
