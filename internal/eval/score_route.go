package eval

import "sort"

// RouteResult scores routing decisions.
type RouteResult struct {
	Accuracy float64 `json:"accuracy"`
	Correct  int     `json:"correct"`
	// MacroF1 is the mean F1 over the queues that occur in the gold set
	// (MacroLabels of them). A queue that is only ever predicted is left out
	// of the mean: its wrong predictions already count as misses of the gold
	// queues.
	MacroF1     float64 `json:"macro_f1"`
	MacroLabels int     `json:"macro_f1_queues"`
	// Labels lists every queue seen in gold or predictions, sorted.
	Labels   []string              `json:"labels"`
	PerQueue map[string]QueueScore `json:"per_queue"`
	// Confusion[gold][predicted] counts records; zero cells are left out.
	Confusion map[string]map[string]int `json:"confusion"`
	// GoldNotInRules lists gold queues the evaluated rules file does not
	// name: records the rules can never get right (set for the rules engine).
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

// ScoreRoutes compares predicted queues with gold queues, position by
// position; entries beyond the shorter slice are ignored.
func ScoreRoutes(gold, pred []string) *RouteResult {
	n := min(len(gold), len(pred))
	rr := &RouteResult{PerQueue: map[string]QueueScore{}, Confusion: map[string]map[string]int{}}
	seen := map[string]bool{}
	for i := range n {
		g, p := gold[i], pred[i]
		seen[g], seen[p] = true, true
		if rr.Confusion[g] == nil {
			rr.Confusion[g] = map[string]int{}
		}
		rr.Confusion[g][p]++
		if g == p {
			rr.Correct++
		}
	}
	for l := range seen {
		rr.Labels = append(rr.Labels, l)
	}
	sort.Strings(rr.Labels)
	for _, l := range rr.Labels {
		var tp, fp, fn int
		for _, g := range rr.Labels {
			if g == l {
				tp = rr.Confusion[g][l]
			} else {
				fp += rr.Confusion[g][l]
			}
		}
		for p, c := range rr.Confusion[l] {
			if p != l {
				fn += c
			}
		}
		q := prf(tp, fp, fn)
		rr.PerQueue[l] = q
		if q.Support > 0 {
			rr.MacroF1 += q.F1
			rr.MacroLabels++
		}
	}
	if rr.MacroLabels > 0 {
		rr.MacroF1 /= float64(rr.MacroLabels)
	}
	rr.Accuracy = ratio(rr.Correct, n)
	return rr
}

// prf is precision, recall and F1 from counts; Support is tp+fn.
func prf(tp, fp, fn int) QueueScore {
	p, r := ratio(tp, tp+fp), ratio(tp, tp+fn)
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return QueueScore{Precision: p, Recall: r, F1: f, Support: tp + fn}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
