package eval

import (
	"math"
	"strings"

	"github.com/triage/triage/processors"
)

// ExtractResult scores extracted orders.
type ExtractResult struct {
	OrderPrecision float64   `json:"order_precision"`
	OrderRecall    float64   `json:"order_recall"`
	OrderF1        float64   `json:"order_f1"`
	Detection      Detection `json:"order_detection"`

	// Items under the word-overlap matcher with equal quantity (Overlap):
	// each gold item of a gold order takes the unused extracted item of the
	// same record that shares the most product words. ItemRecall is
	// OverlapMatched/GoldItems, ItemPrecision OverlapMatched/PredictedItems.
	// PredictedItems counts the extracted items of every record, so items
	// read from an email that orders nothing lower precision.
	ItemRecall     float64 `json:"item_recall"`
	ItemPrecision  float64 `json:"item_precision"`
	OverlapMatched int     `json:"overlap_matched_items"`
	GoldItems      int     `json:"gold_items"`
	PredictedItems int     `json:"predicted_items"`
	// OrdersAllRight counts gold orders detected as orders whose items all
	// match, with no extra item; OrdersAllRightRate is its share of gold
	// orders.
	OrdersAllRight     int     `json:"orders_all_right"`
	OrdersAllRightRate float64 `json:"orders_all_right_rate"`

	// The project's stricter matcher (ItemMatches): ItemExactMatch is
	// MatchedItems/GoldItems, ExactPrecision MatchedItems/PredictedItems.
	ItemExactMatch float64 `json:"item_exact_match"`
	ExactPrecision float64 `json:"item_exact_precision"`
	MatchedItems   int     `json:"matched_items"`

	// PriceAccuracy is PriceCorrect/PricedItems: PricedItems counts every
	// gold item with a unit price, PriceCorrect those paired (Overlap, as
	// for ItemRecall) with an extracted item of the same price (within
	// 0.005). A price whose item was missed counts as wrong.
	PriceAccuracy float64 `json:"price_accuracy"`
	PricedItems   int     `json:"priced_items"`
	PriceCorrect  int     `json:"price_correct"`

	// Ref and Currency are over the records whose gold has an order_ref or
	// a currency (see FieldScore).
	Ref      FieldScore `json:"order_ref"`
	Currency FieldScore `json:"currency"`

	// InjectedItems counts extracted items taken from injected text (see
	// InjectedItems).
	InjectedItems int `json:"injected_items"`

	// LabelledInjected counts the emails a kinds.tsv labels as carrying
	// injected text (InjectedIDs), and UnmatchedOnInjected the extracted
	// items on them that match no gold item: an upper bound on items taken
	// from injected text. Both are 0 without labels.
	LabelledInjected    int `json:"labelled_injected,omitempty"`
	UnmatchedOnInjected int `json:"unmatched_on_injected,omitempty"`
}

// Detection is the confusion of order detection (is_order).
type Detection struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
	TN int `json:"tn"`
}

// FieldScore scores one optional field (order_ref, currency) over the N
// records whose gold has it: Correct equal (case-insensitive), Abstained
// left empty, the rest wrong; Accuracy is Correct/N. Spurious counts the
// records whose gold has none but the prediction has one.
type FieldScore struct {
	Accuracy  float64 `json:"accuracy"`
	N         int     `json:"n"`
	Correct   int     `json:"correct"`
	Abstained int     `json:"abstained"`
	Spurious  int     `json:"spurious"`
}

func (f *FieldScore) add(gold, pred string) {
	gold, pred = strings.TrimSpace(gold), strings.TrimSpace(pred)
	switch {
	case gold == "" && pred != "":
		f.Spurious++
	case gold == "":
	case pred == "":
		f.N++
		f.Abstained++
	default:
		f.N++
		if strings.EqualFold(gold, pred) {
			f.Correct++
		}
	}
	f.Accuracy = ratio(f.Correct, f.N)
}

// ScoreOrders compares predicted orders with gold orders, position by
// position; entries beyond the shorter slice are ignored. InjectedItems is
// left 0: it needs the emails (see InjectedItems).
func ScoreOrders(gold, pred []processors.Order) *ExtractResult {
	r := &ExtractResult{}
	d := &r.Detection
	var goldOrders int
	for i := range min(len(gold), len(pred)) {
		g, p := gold[i], pred[i]
		switch {
		case g.IsOrder && p.IsOrder:
			d.TP++
		case p.IsOrder:
			d.FP++
		case g.IsOrder:
			d.FN++
		default:
			d.TN++
		}
		r.Ref.add(g.OrderRef, p.OrderRef)
		r.Currency.add(g.Currency, p.Currency)
		r.PredictedItems += len(p.Items)
		if !g.IsOrder {
			continue
		}
		goldOrders++
		r.GoldItems += len(g.Items)
		over := r.scoreOverlap(g.Items, p.Items)
		if p.IsOrder && over == len(g.Items) && over == len(p.Items) {
			r.OrdersAllRight++
		}
		r.scoreExact(g.Items, p.Items)
	}
	q := prf(d.TP, d.FP, d.FN)
	r.OrderPrecision, r.OrderRecall, r.OrderF1 = q.Precision, q.Recall, q.F1
	r.ItemRecall, r.ItemPrecision = ratio(r.OverlapMatched, r.GoldItems), ratio(r.OverlapMatched, r.PredictedItems)
	r.ItemExactMatch, r.ExactPrecision = ratio(r.MatchedItems, r.GoldItems), ratio(r.MatchedItems, r.PredictedItems)
	r.OrdersAllRightRate = ratio(r.OrdersAllRight, goldOrders)
	r.PriceAccuracy = ratio(r.PriceCorrect, r.PricedItems)
	return r
}

// scoreExact counts the items of one record that ItemMatches pairs (each
// extracted item used once, first fit).
func (r *ExtractResult) scoreExact(gold, pred []processors.Item) {
	used := make([]bool, len(pred))
	for _, gi := range gold {
		for j, pi := range pred {
			if !used[j] && ItemMatches(gi, pi) {
				used[j] = true
				r.MatchedItems++
				break
			}
		}
	}
}

// scoreOverlap pairs the items of one record under Overlap (see
// overlapPairs) and counts matched items and prices; it returns how many
// paired.
func (r *ExtractResult) scoreOverlap(gold, pred []processors.Item) int {
	n := 0
	for i, j := range overlapPairs(gold, pred) {
		gi := gold[i]
		if gi.UnitPrice != nil {
			r.PricedItems++
		}
		if j < 0 {
			continue
		}
		n++
		if p := pred[j].UnitPrice; gi.UnitPrice != nil && p != nil && math.Abs(*gi.UnitPrice-*p) < 0.005 {
			r.PriceCorrect++
		}
	}
	r.OverlapMatched += n
	return n
}

// overlapPairs pairs gold and extracted items of one record under Overlap:
// each gold item in turn takes the unused extracted item with the most
// shared words (the first on a tie). pairs[i] is the index of gold[i]'s
// extracted item, or -1.
func overlapPairs(gold, pred []processors.Item) []int {
	used := make([]bool, len(pred))
	pairs := make([]int, len(gold))
	for i, gi := range gold {
		best, bestN := -1, 0
		for j, pi := range pred {
			if n := Overlap(gi, pi); !used[j] && n > bestN {
				best, bestN = j, n
			}
		}
		if best >= 0 {
			used[best] = true
		}
		pairs[i] = best
	}
	return pairs
}

// overlapUsed says which extracted items overlapPairs paired.
func overlapUsed(gold, pred []processors.Item) []bool {
	used := make([]bool, len(pred))
	for _, j := range overlapPairs(gold, pred) {
		if j >= 0 {
			used[j] = true
		}
	}
	return used
}
