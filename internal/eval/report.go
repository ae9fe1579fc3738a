package eval

import (
	"fmt"
	"slices"
	"sort"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/rules"
)

// Report is the outcome of one Run. Exactly one of RouteResult and
// ExtractResult is set, matching Task; their fields are promoted, and in
// JSON they sit at the top level beside task, mode and n.
type Report struct {
	Task         string `json:"task"`
	Mode         string `json:"mode"`
	Data         string `json:"data"`
	RulesVersion string `json:"rules_version,omitempty"` // when the rules engine was evaluated
	N            int    `json:"n"`
	// Errors counts cases whose processor returned an error; FirstError is
	// the first of them ("id: message").
	Errors     int    `json:"errors"`
	FirstError string `json:"first_error,omitempty"`

	*RouteResult
	*ExtractResult

	Usage Usage `json:"provenance"`
}

// ErrorLabel is the predicted queue of a case whose processor failed.
const ErrorLabel = "(error)"

// RouteResult scores routing decisions.
type RouteResult struct {
	Accuracy float64 `json:"accuracy"`
	Correct  int     `json:"correct"`
	MacroF1  float64 `json:"macro_f1"`
	// Labels lists every queue seen in gold or predictions, sorted.
	Labels   []string              `json:"labels"`
	PerQueue map[string]QueueScore `json:"per_queue"`
	// Confusion[gold][predicted] counts cases; zero cells are left out.
	Confusion map[string]map[string]int `json:"confusion"`
	// GoldNotInRules lists gold queues the evaluated rules file does not
	// name: cases the rules can never get right (set for the rules engine).
	GoldNotInRules []string `json:"gold_not_in_rules,omitempty"`
}

// QueueScore is precision, recall and F1 of one queue; Support is its gold
// count.
type QueueScore struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`
}

// ExtractResult scores extracted orders (see rules.OrderMetrics).
type ExtractResult struct {
	OrderPrecision float64   `json:"order_precision"`
	OrderRecall    float64   `json:"order_recall"`
	OrderF1        float64   `json:"order_f1"`
	Detection      Detection `json:"order_detection"`
	// ItemExactMatch is the share of gold items matched by an extracted item
	// on (product or SKU, quantity); ItemPrecision the share of extracted
	// items (on gold orders) that match one.
	ItemExactMatch float64 `json:"item_exact_match"`
	ItemPrecision  float64 `json:"item_precision"`
	GoldItems      int     `json:"gold_items"`
	MatchedItems   int     `json:"matched_items"`
	PredictedItems int     `json:"predicted_items"`
	// PriceAccuracy is the share of matched items with a gold unit price
	// whose extracted price equals it.
	PriceAccuracy    float64 `json:"price_accuracy"`
	PricedItems      int     `json:"priced_items"`
	PriceCorrect     int     `json:"price_correct"`
	RefAccuracy      float64 `json:"order_ref_accuracy"`
	CurrencyAccuracy float64 `json:"currency_accuracy"`
}

// Detection is the confusion of order detection (is_order).
type Detection struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
	TN int `json:"tn"`
}

func (r *Report) fillRoute(cases []labelled[rules.RouteGold], outs []result, queues []string) {
	gold, pred := make([]string, len(cases)), make([]string, len(cases))
	for i, c := range cases {
		gold[i], pred[i] = c.Gold.Queue, ErrorLabel
		if r.note(c.Case.ID, outs[i]) {
			continue
		}
		if rt, ok := outs[i].out.Decision.(*processors.Route); ok && rt != nil {
			pred[i] = rt.Queue
		} else {
			r.fail(c.Case.ID, fmt.Errorf("decision is %T, not *processors.Route", outs[i].out.Decision))
		}
	}
	m := rules.ScoreRoutes(gold, pred)
	rr := &RouteResult{Accuracy: m.Accuracy, Correct: m.Correct, MacroF1: m.MacroF1, Labels: m.Labels,
		PerQueue: map[string]QueueScore{}, Confusion: m.Confusion}
	for l, p := range m.PerLabel {
		rr.PerQueue[l] = QueueScore{p.Precision, p.Recall, p.F1, p.Support}
	}
	if queues != nil {
		seen := map[string]bool{}
		for _, g := range gold {
			if !seen[g] && !slices.Contains(queues, g) {
				rr.GoldNotInRules = append(rr.GoldNotInRules, g)
			}
			seen[g] = true
		}
		sort.Strings(rr.GoldNotInRules)
	}
	r.N, r.RouteResult = m.N, rr
}

func (r *Report) fillExtract(cases []labelled[rules.OrderGold], outs []result) {
	gold, pred := make([]processors.Order, len(cases)), make([]processors.Order, len(cases))
	for i, c := range cases {
		gold[i] = c.Gold
		if r.note(c.Case.ID, outs[i]) {
			continue
		}
		if o, ok := outs[i].out.Decision.(*processors.Order); ok && o != nil {
			pred[i] = *o
		} else {
			r.fail(c.Case.ID, fmt.Errorf("decision is %T, not *processors.Order", outs[i].out.Decision))
		}
	}
	m := rules.ScoreOrders(gold, pred)
	r.N = m.N
	r.ExtractResult = &ExtractResult{
		OrderPrecision: m.Precision, OrderRecall: m.Recall, OrderF1: m.F1,
		Detection:      Detection{m.TP, m.FP, m.FN, m.TN},
		ItemExactMatch: m.ItemExact, ItemPrecision: m.ItemPrecision,
		GoldItems: m.GoldItems, MatchedItems: m.MatchedItems, PredictedItems: m.PredItems,
		PriceAccuracy: m.PriceAccuracy, PricedItems: m.PricedItems, PriceCorrect: m.PriceCorrect,
		RefAccuracy: m.RefAccuracy, CurrencyAccuracy: m.CurrencyAccuracy,
	}
}

// note records one case's provenance, or its error; it reports whether the
// case failed.
func (r *Report) note(id string, res result) bool {
	if res.err != nil {
		r.fail(id, res.err)
		return true
	}
	r.Usage.add(res.out.Provenance)
	return false
}

func (r *Report) fail(id string, err error) {
	r.Errors++
	if r.FirstError == "" {
		r.FirstError = id + ": " + err.Error()
	}
}
