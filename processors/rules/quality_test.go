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
		cases, err := LoadCases[RouteGold]("testdata/route_default.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		rt := NewRouter(r)
		var gold, pred []string
		for _, c := range cases {
			got, _ := rt.Route(c.Subject, c.Body)
			gold, pred = append(gold, c.Gold.Queue), append(pred, got.Queue)
			if testing.Verbose() && got.Queue != c.Gold.Queue {
				t.Logf("miss %s: gold %s got %s %v", c.ID, c.Gold.Queue, got.Queue, got.Matched)
			}
		}
		m := ScoreRoutes(gold, pred)
		t.Logf("routing on %d tickets:\n%s", len(cases), m)
		if m.Accuracy < 0.85 {
			t.Errorf("routing accuracy %.3f < 0.85", m.Accuracy)
		}
	})
	t.Run("extract", func(t *testing.T) {
		cases, err := LoadCases[OrderGold]("testdata/orders.jsonl")
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
				if m.TP+m.TN != 1 || m.MatchedItems != m.GoldItems || m.PriceCorrect != m.PricedItems {
					t.Logf("miss %s: gold %s\n      got  %s", c.ID, orderString(c.Gold), orderString(got))
				}
			}
		}
		m := ScoreOrders(gold, pred)
		t.Logf("extraction on %d emails: %s", len(cases), m)
		if m.F1 < 0.9 {
			t.Errorf("order detection F1 %.3f < 0.9", m.F1)
		}
		if m.ItemExact < 0.8 {
			t.Errorf("item exact match %.3f < 0.8", m.ItemExact)
		}
	})
}
