package rules_test

import (
	"path/filepath"
	"testing"

	"github.com/triage/triage/processors/rules"
)

// TestFreshUnseenSets scores sets written by someone who never read the
// rules (testdata/*_holdout_f.jsonl, 60 each), after every rules change of
// the session, and never tuned on: the honest figures for unseen traffic.
// Scored once: default queues 0.883 (53/60), Bitext categories 0.867
// (52/60). The floors leave a small margin; if a rules change drops below
// them, the change overfits.
func TestFreshUnseenSets(t *testing.T) {
	def, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	bitext, err := rules.Load("bitext.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []struct {
		rules *rules.Rules
		file  string
		floor float64
	}{
		{def, "route_holdout_f.jsonl", 0.85},
		{bitext, "bitext_holdout_f.jsonl", 0.83},
	} {
		m := routeScoreFile(t, set.rules, filepath.Join("testdata", set.file))
		t.Logf("%s: accuracy %.3f macro-F1 %.3f", set.file, m.Accuracy, m.MacroF1)
		if m.Accuracy < set.floor {
			t.Errorf("%s: accuracy %.3f below %.2f", set.file, m.Accuracy, set.floor)
		}
	}
}

// TestFreshUnseenOrders is the same for extraction: 50 emails written
// without reading the rules or their test sets, scored once after every
// rules change of the session: order F1 0.839, item exact match 0.915
// (65/71), unit-price accuracy 0.872.
func TestFreshUnseenOrders(t *testing.T) {
	r, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := scoreExtraction(t, r, filepath.Join("testdata", "orders_holdout_f.jsonl"))
	t.Logf("orders_holdout_f.jsonl: order F1 %.3f, item exact %.3f, price %.3f", m.OrderF1, m.ItemExactMatch, m.PriceAccuracy)
	if m.OrderF1 < 0.80 || m.ItemExactMatch < 0.88 {
		t.Errorf("order F1 %.3f (floor 0.80), item exact match %.3f (floor 0.88)", m.OrderF1, m.ItemExactMatch)
	}
}
