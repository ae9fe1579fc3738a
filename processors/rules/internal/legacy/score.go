package legacy

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/triage/triage/processors"
)

// PRF is precision, recall and F1 of one label; Support is its gold count.
type PRF struct {
	Precision, Recall, F1 float64
	Support               int
}

// RouteMetrics scores routing decisions against gold queues.
type RouteMetrics struct {
	N, Correct int
	Accuracy   float64
	// MacroF1 is the mean F1 over every label seen in gold or predictions.
	MacroF1 float64
	// Labels lists every label seen, sorted.
	Labels   []string
	PerLabel map[string]PRF
	// Confusion[gold][predicted] counts cases.
	Confusion map[string]map[string]int
}

// ScoreRoutes compares predicted queues with gold queues, position by
// position; if the slices differ in length the extra entries are ignored.
func ScoreRoutes(gold, pred []string) RouteMetrics {
	n := min(len(gold), len(pred))
	m := RouteMetrics{N: n, PerLabel: map[string]PRF{}, Confusion: map[string]map[string]int{}}
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		g, p := gold[i], pred[i]
		seen[g], seen[p] = true, true
		if m.Confusion[g] == nil {
			m.Confusion[g] = map[string]int{}
		}
		m.Confusion[g][p]++
		if g == p {
			m.Correct++
		}
	}
	for l := range seen {
		m.Labels = append(m.Labels, l)
	}
	sort.Strings(m.Labels)
	for _, l := range m.Labels {
		var tp, fp, fn int
		for _, g := range m.Labels {
			c := m.Confusion[g][l]
			if g == l {
				tp = c
			} else {
				fp += c
			}
		}
		for p, c := range m.Confusion[l] {
			if p != l {
				fn += c
			}
		}
		prf := prfOf(tp, fp, fn)
		m.PerLabel[l] = prf
		m.MacroF1 += prf.F1
	}
	if len(m.Labels) > 0 {
		m.MacroF1 /= float64(len(m.Labels))
	}
	m.Accuracy = ratio(m.Correct, n)
	return m
}

// String renders the metrics as a small text report.
func (m RouteMetrics) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "accuracy %.3f (%d/%d)  macro-F1 %.3f\n", m.Accuracy, m.Correct, m.N, m.MacroF1)
	fmt.Fprintf(&b, "%-20s %6s %6s %6s %5s\n", "label", "P", "R", "F1", "n")
	for _, l := range m.Labels {
		p := m.PerLabel[l]
		fmt.Fprintf(&b, "%-20s %6.3f %6.3f %6.3f %5d\n", l, p.Precision, p.Recall, p.F1, p.Support)
	}
	b.WriteString("confusion (gold -> predicted):\n")
	for _, g := range m.Labels {
		var cells []string
		for _, p := range m.Labels {
			if c := m.Confusion[g][p]; c > 0 && p != g {
				cells = append(cells, fmt.Sprintf("%s:%d", p, c))
			}
		}
		if len(cells) > 0 {
			fmt.Fprintf(&b, "  %-18s %s\n", g, strings.Join(cells, " "))
		}
	}
	return b.String()
}

// OrderMetrics scores extracted orders against gold orders.
type OrderMetrics struct {
	N              int
	TP, FP, FN, TN int // order detection (IsOrder)
	Precision      float64
	Recall         float64
	F1             float64
	// GoldItems counts the items of all gold orders; MatchedItems those that
	// an extracted item matches (see ItemMatches). ItemExact is their ratio.
	GoldItems, MatchedItems int
	ItemExact               float64
	// PredItems counts the items extracted from gold orders; ItemPrecision
	// is MatchedItems/PredItems, so junk items read from the same emails
	// (addresses, pack sizes) lower it.
	PredItems     int
	ItemPrecision float64
	// PricedItems counts matched items whose gold has a unit price;
	// PriceCorrect those whose extracted price equals it (within 0.005).
	PricedItems, PriceCorrect int
	PriceAccuracy             float64
	// RefAccuracy and CurrencyAccuracy are over gold orders: exact
	// (case-insensitive) OrderRef and Currency, empty matching empty.
	RefAccuracy, CurrencyAccuracy float64
}

// ScoreOrders compares predicted orders with gold orders, position by
// position; if the slices differ in length the extra entries are ignored.
// Each extracted item matches at most one gold item.
func ScoreOrders(gold, pred []processors.Order) OrderMetrics {
	n := min(len(gold), len(pred))
	m := OrderMetrics{N: n}
	var orders, refOK, curOK int
	for i := 0; i < n; i++ {
		g, p := gold[i], pred[i]
		switch {
		case g.IsOrder && p.IsOrder:
			m.TP++
		case p.IsOrder:
			m.FP++
		case g.IsOrder:
			m.FN++
		default:
			m.TN++
		}
		if !g.IsOrder {
			continue
		}
		orders++
		if strings.EqualFold(g.OrderRef, p.OrderRef) {
			refOK++
		}
		if strings.EqualFold(g.Currency, p.Currency) {
			curOK++
		}
		used := make([]bool, len(p.Items))
		m.PredItems += len(p.Items)
		for _, gi := range g.Items {
			m.GoldItems++
			for j, pi := range p.Items {
				if used[j] || !ItemMatches(gi, pi) {
					continue
				}
				used[j] = true
				m.MatchedItems++
				if gi.UnitPrice != nil {
					m.PricedItems++
					if pi.UnitPrice != nil && math.Abs(*gi.UnitPrice-*pi.UnitPrice) < 0.005 {
						m.PriceCorrect++
					}
				}
				break
			}
		}
	}
	prf := prfOf(m.TP, m.FP, m.FN)
	m.Precision, m.Recall, m.F1 = prf.Precision, prf.Recall, prf.F1
	m.ItemExact = ratio(m.MatchedItems, m.GoldItems)
	m.ItemPrecision = ratio(m.MatchedItems, m.PredItems)
	m.PriceAccuracy = ratio(m.PriceCorrect, m.PricedItems)
	m.RefAccuracy = ratio(refOK, orders)
	m.CurrencyAccuracy = ratio(curOK, orders)
	return m
}

// String renders the metrics as one line.
func (m OrderMetrics) String() string {
	return fmt.Sprintf("orders P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d tn %d); items %.3f (%d/%d), "+
		"item precision %.3f (%d/%d); price %.3f (%d/%d); ref %.3f; currency %.3f",
		m.Precision, m.Recall, m.F1, m.TP, m.FP, m.FN, m.TN, m.ItemExact, m.MatchedItems, m.GoldItems,
		m.ItemPrecision, m.MatchedItems, m.PredItems,
		m.PriceAccuracy, m.PriceCorrect, m.PricedItems, m.RefAccuracy, m.CurrencyAccuracy)
}

// ItemMatches reports whether extracted item got matches gold item want: the
// quantities are equal, and either both SKUs are set and equal (ignoring
// case, surrounding space and a leading '#'), or both product names are set
// and one contains the other after lower-casing and collapsing white space.
func ItemMatches(want, got processors.Item) bool {
	if want.Quantity != got.Quantity {
		return false
	}
	ws, gs := normSKU(want.SKU), normSKU(got.SKU)
	if ws != "" && ws == gs {
		return true
	}
	wp, gp := normName(want.Product), normName(got.Product)
	return wp != "" && gp != "" && (strings.Contains(wp, gp) || strings.Contains(gp, wp))
}

func normSKU(s string) string {
	return strings.ToLower(strings.TrimLeft(strings.TrimSpace(s), "#"))
}

func normName(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

func prfOf(tp, fp, fn int) PRF {
	p, r := ratio(tp, tp+fp), ratio(tp, tp+fn)
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return PRF{Precision: p, Recall: r, F1: f, Support: tp + fn}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
