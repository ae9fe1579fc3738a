package rules

import (
	"testing"

	"github.com/triage/triage/processors"
)

// TestQualityOnDevSets scores the default rules on the hand-labelled dev sets
// in testdata and fails below the agreed floors.
func TestQualityOnDevSets(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("route", func(t *testing.T) {
		m := routeScoreFile(t, r, "testdata/route_default.jsonl")
		t.Logf("routing on %d tickets:\n%s", m.N, m)
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
				{"order detection F1", m.F1, set.f1},
				{"item exact match", m.ItemExact, set.items},
				{"item precision", m.ItemPrecision, set.itemPrec},
				{"unit price accuracy", m.PriceAccuracy, set.price},
			} {
				if f.got < f.floor {
					t.Errorf("%s %.3f < %.2f", f.name, f.got, f.floor)
				}
			}
		})
	}
}

// scoreExtraction runs the extractor of r over the cases in file, logs the
// misses when verbose, and returns the metrics.
func scoreExtraction(t *testing.T, r *Rules, file string) OrderMetrics {
	t.Helper()
	cases, err := LoadCases[OrderGold](file)
	if err != nil {
		t.Fatal(err)
	}
	ex := NewExtractor(r)
	var gold, pred []processors.Order
	for _, c := range cases {
		got, _ := ex.Extract(c.Subject, c.Body)
		gold, pred = append(gold, c.Gold), append(pred, got)
		if testing.Verbose() {
			m := ScoreOrders([]processors.Order{c.Gold}, []processors.Order{got})
			if m.TP+m.TN != 1 || m.MatchedItems != m.GoldItems || m.MatchedItems != m.PredItems ||
				m.PriceCorrect != m.PricedItems || m.RefAccuracy+m.CurrencyAccuracy < 2 && c.Gold.IsOrder {
				t.Logf("miss %s: gold %s\n      got  %s", c.ID, orderString(c.Gold), orderString(got))
			}
		}
	}
	m := ScoreOrders(gold, pred)
	t.Logf("extraction on %d emails: %s", len(cases), m)
	return m
}
