package eval

import (
	"math"
	"testing"

	"github.com/triage/triage/processors"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// Macro-F1 averages over the gold queues only. The old computation also
// averaged in "sales", which is never gold: (1 + 2/3 + 0)/3 = 0.556.
func TestScoreRoutesMacroOverGold(t *testing.T) {
	rr := ScoreRoutes([]string{"billing", "billing", "technical"}, []string{"billing", "sales", "technical"})
	if !near(rr.MacroF1, (2.0/3+1)/2) || rr.MacroLabels != 2 || !near(rr.Accuracy, 2.0/3) || rr.Correct != 2 {
		t.Errorf("macro-F1 %.3f over %d queues, accuracy %.3f", rr.MacroF1, rr.MacroLabels, rr.Accuracy)
	}
	if len(rr.Labels) != 3 || rr.Confusion["billing"]["sales"] != 1 || rr.PerQueue["sales"].Precision != 0 ||
		rr.PerQueue["billing"] != (QueueScore{1, 0.5, 2.0 / 3, 2}) {
		t.Errorf("labels %v, per queue %+v", rr.Labels, rr.PerQueue)
	}
	if e := ScoreRoutes(nil, nil); e.MacroF1 != 0 || e.Accuracy != 0 {
		t.Errorf("empty %+v", e)
	}
}

func price(p float64) *float64 { return &p }

// Price accuracy is over every gold price: the old computation counted only
// prices of matched items, here 1/1 instead of 1/3 (the candles' quantity
// is wrong, so neither matcher pairs them).
func TestScoreOrdersPriceOverAllGoldPrices(t *testing.T) {
	gold := []processors.Order{{IsOrder: true, Items: []processors.Item{
		{Product: "Lantern", Quantity: 4, UnitPrice: price(12)},
		{Product: "Candle", Quantity: 2, UnitPrice: price(3.5)},
		{Product: "Wick", Quantity: 9, UnitPrice: price(0.2)},
		{Product: "Matches", Quantity: 1},
	}}}
	pred := []processors.Order{{IsOrder: true, Items: []processors.Item{
		{Product: "Lantern", Quantity: 4, UnitPrice: price(12)},
		{Product: "Candle", Quantity: 3, UnitPrice: price(3.5)}, // wrong quantity: missed with its price
	}}}
	r := ScoreOrders(gold, pred)
	if r.PricedItems != 3 || r.PriceCorrect != 1 || !near(r.PriceAccuracy, 1.0/3) {
		t.Errorf("price %d/%d = %.3f, want 1/3", r.PriceCorrect, r.PricedItems, r.PriceAccuracy)
	}
}

// order_ref and currency are scored over the records whose gold has one,
// with abstentions apart; the old computation counted "" = "" as right and
// gave 3/4 for both.
func TestScoreOrdersRefAndCurrencyOverRecordsWithOne(t *testing.T) {
	gold := []processors.Order{
		{IsOrder: true, OrderRef: "PO-1", Currency: "EUR"},
		{IsOrder: true, OrderRef: "PO-2", Currency: "USD"},
		{IsOrder: true},
		{IsOrder: true},
		{IsOrder: false, OrderRef: "55123"}, // a non-order's ref counts too
	}
	pred := []processors.Order{
		{IsOrder: true, OrderRef: "po-1", Currency: "EUR"},
		{IsOrder: true, Currency: "GBP"},
		{IsOrder: true},
		{IsOrder: true, OrderRef: "INV-9"},
		{OrderRef: "55123"},
	}
	r := ScoreOrders(gold, pred)
	if r.Ref != (FieldScore{Accuracy: 2.0 / 3, N: 3, Correct: 2, Abstained: 1, Spurious: 1}) {
		t.Errorf("ref %+v", r.Ref)
	}
	if r.Currency != (FieldScore{Accuracy: 0.5, N: 2, Correct: 1}) {
		t.Errorf("currency %+v", r.Currency)
	}
}

// Items under the word-overlap matcher with equal quantity: recall over gold
// items, precision over the items extracted from every record (items read
// from a non-order count against precision), whole orders right.
func TestScoreOrdersWordOverlapItems(t *testing.T) {
	gold := []processors.Order{
		{IsOrder: true, Items: []processors.Item{{Product: "large paper lanterns", Quantity: 40}, {Product: "tea lights", Quantity: 100}}},
		{IsOrder: true, Items: []processors.Item{{Product: "oat milk", SKU: "OM-1", Quantity: 2}}},
		{IsOrder: false},
		{IsOrder: true, Items: []processors.Item{{Product: "gloves", Quantity: 2}}},
	}
	pred := []processors.Order{
		{IsOrder: true, Items: []processors.Item{{Product: "Lanterns", Quantity: 40}, {Product: "tea lights", Quantity: 10}}},
		{IsOrder: true, Items: []processors.Item{{Product: "#om-1", Quantity: 2}}},
		{IsOrder: false, Items: []processors.Item{{Product: "Mill Lane", Quantity: 14}}},
		{IsOrder: true, Items: []processors.Item{{Product: "gloves", Quantity: 2}, {Product: "gloves", Quantity: 50}}},
	}
	r := ScoreOrders(gold, pred)
	if r.GoldItems != 4 || r.PredictedItems != 6 || r.OverlapMatched != 3 || !near(r.ItemRecall, 0.75) || !near(r.ItemPrecision, 0.5) {
		t.Errorf("overlap %d matched of %d gold, %d extracted: recall %.3f precision %.3f",
			r.OverlapMatched, r.GoldItems, r.PredictedItems, r.ItemRecall, r.ItemPrecision)
	}
	// The project's matcher: "#om-1" is a product, not a SKU.
	if r.MatchedItems != 2 || !near(r.ItemExactMatch, 0.5) || !near(r.ExactPrecision, 2.0/6) {
		t.Errorf("exact %d: %.3f, precision %.3f", r.MatchedItems, r.ItemExactMatch, r.ExactPrecision)
	}
	if r.OrdersAllRight != 1 || !near(r.OrdersAllRightRate, 1.0/3) {
		t.Errorf("whole orders %d (%.3f), want only the oat milk", r.OrdersAllRight, r.OrdersAllRightRate)
	}
	if r.Detection != (Detection{TP: 3, TN: 1}) || r.OrderF1 != 1 {
		t.Errorf("detection %+v F1 %.3f", r.Detection, r.OrderF1)
	}
}

func TestOverlapAndWords(t *testing.T) {
	tests := []struct {
		want, got processors.Item
		n         int
	}{
		{processors.Item{Product: "Paper lanterns, large", Quantity: 3}, processors.Item{Product: "large lantern", Quantity: 3}, 2},
		{processors.Item{Product: "Paper lanterns", Quantity: 3}, processors.Item{Product: "Paper lanterns", Quantity: 4}, 0},
		{processors.Item{Product: "boxes of gloves", Quantity: 2}, processors.Item{Product: "box", Quantity: 2}, 0},
		{processors.Item{SKU: "#5512", Quantity: 3}, processors.Item{Product: "5512", Quantity: 3}, 1},
		{processors.Item{Product: "Berries", Quantity: 1}, processors.Item{Product: "berry", Quantity: 1}, 1},
		{processors.Item{Product: "glass", Quantity: 1}, processors.Item{Product: "glasses", Quantity: 1}, 0},
		{processors.Item{Product: "red wax candles", Quantity: 5}, processors.Item{Product: "candles every christmas", Quantity: 5}, 0},
		{processors.Item{Product: "red wax candles", Quantity: 5}, processors.Item{Product: "wax candles, blue", Quantity: 5}, 2},
	}
	for _, tt := range tests {
		if n := Overlap(tt.want, tt.got); n != tt.n {
			t.Errorf("Overlap(%+v, %+v) = %d, want %d (words %v, %v)", tt.want, tt.got, n, tt.n, ProductWords(tt.want), ProductWords(tt.got))
		}
	}
	if !ItemMatches(processors.Item{SKU: " #BW-01", Quantity: 3}, processors.Item{SKU: "bw-01", Quantity: 3}) ||
		!ItemMatches(processors.Item{Product: "Blue  Widget", Quantity: 3}, processors.Item{Product: "blue widget xl", Quantity: 3}) ||
		ItemMatches(processors.Item{Product: "Blue Widget", Quantity: 3}, processors.Item{Product: "Blue Widget", Quantity: 2}) {
		t.Error("ItemMatches")
	}
}
