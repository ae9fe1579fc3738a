package eval

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// WriteText renders the report for people: the headline figures, then per
// queue precision/recall/F1 and the confusion matrix (routing) or the
// detection, item and price figures (extraction), then who decided and what
// it cost.
func (r Report) WriteText(w io.Writer) error {
	var b strings.Builder
	engine := r.Mode
	if r.RulesVersion != "" {
		engine += " " + r.RulesVersion
	}
	fmt.Fprintf(&b, "triage eval: task %s, mode %s, %s, n %d\n", r.Task, engine, r.Data, r.N)
	if r.Legacy > 0 {
		fmt.Fprintf(&b, "legacy envelope: %d records {\"id\",\"subject\",\"body\",\"gold\"}\n", r.Legacy)
	}
	if r.Errors > 0 {
		fmt.Fprintf(&b, "errors: %d (first: %s)\n", r.Errors, r.FirstError)
	}
	switch {
	case r.RouteResult != nil:
		r.RouteResult.text(&b, r.N)
	case r.ExtractResult != nil:
		r.ExtractResult.text(&b)
	}
	r.Reliability.text(&b)
	r.Usage.text(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

// String renders the scores as WriteText does.
func (rr *RouteResult) String() string {
	n := 0
	for _, row := range rr.Confusion {
		for _, c := range row {
			n += c
		}
	}
	var b strings.Builder
	rr.text(&b, n)
	return strings.TrimPrefix(b.String(), "\n")
}

// String renders the scores as WriteText does.
func (er *ExtractResult) String() string {
	var b strings.Builder
	er.text(&b)
	return strings.TrimPrefix(b.String(), "\n")
}

func (rr *RouteResult) text(b *strings.Builder, n int) {
	fmt.Fprintf(b, "\naccuracy %.3f (%d/%d)  macro-F1 %.3f (over %d gold queues)\n\n", rr.Accuracy, rr.Correct, n, rr.MacroF1, rr.MacroLabels)
	width := 5
	for _, l := range rr.Labels {
		width = max(width, len(l))
	}
	fmt.Fprintf(b, "    %-*s %6s %6s %6s %6s\n", width, "queue", "P", "R", "F1", "n")
	for i, l := range rr.Labels {
		q := rr.PerQueue[l]
		fmt.Fprintf(b, "%3d %-*s %6.3f %6.3f %6.3f %6d\n", i+1, width, l, q.Precision, q.Recall, q.F1, q.Support)
	}
	if len(rr.GoldNotInRules) > 0 {
		fmt.Fprintf(b, "gold queues the rules do not name: %s\n", strings.Join(rr.GoldNotInRules, ", "))
	}
	// Columns are numbered as the rows above, so that wide label sets fit.
	b.WriteString("\nconfusion (rows gold, columns predicted, numbered as above):\n")
	cell := 4
	for _, l := range rr.Labels {
		for _, c := range rr.Confusion[l] {
			cell = max(cell, len(fmt.Sprint(c))+1)
		}
	}
	fmt.Fprintf(b, "%3s", "")
	for i := range rr.Labels {
		fmt.Fprintf(b, "%*d", cell, i+1)
	}
	b.WriteByte('\n')
	for i, g := range rr.Labels {
		fmt.Fprintf(b, "%3d", i+1)
		for _, p := range rr.Labels {
			if c := rr.Confusion[g][p]; c > 0 {
				fmt.Fprintf(b, "%*d", cell, c)
			} else {
				fmt.Fprintf(b, "%*s", cell, ".")
			}
		}
		b.WriteByte('\n')
	}
}

func (er *ExtractResult) text(b *strings.Builder) {
	d := er.Detection
	fmt.Fprintf(b, "\norder detection  P %.3f  R %.3f  F1 %.3f  (tp %d fp %d fn %d tn %d)\n",
		er.OrderPrecision, er.OrderRecall, er.OrderF1, d.TP, d.FP, d.FN, d.TN)
	fmt.Fprintf(b, "items            word overlap, equal quantity: recall %.3f (%d/%d gold)  precision %.3f (%d/%d extracted)\n",
		er.ItemRecall, er.OverlapMatched, er.GoldItems, er.ItemPrecision, er.OverlapMatched, er.PredictedItems)
	fmt.Fprintf(b, "                 exact match %.3f (%d/%d gold)  precision %.3f (%d/%d extracted)\n",
		er.ItemExactMatch, er.MatchedItems, er.GoldItems, er.ExactPrecision, er.MatchedItems, er.PredictedItems)
	fmt.Fprintf(b, "whole orders     right %.3f (%d/%d gold orders)\n", er.OrdersAllRightRate, er.OrdersAllRight, d.TP+d.FN)
	fmt.Fprintf(b, "unit prices      accuracy %.3f (%d/%d gold prices)\n", er.PriceAccuracy, er.PriceCorrect, er.PricedItems)
	er.Ref.text(b, "order ref")
	er.Currency.text(b, "currency")
	fmt.Fprintf(b, "injected items   %d\n", er.InjectedItems)
	if er.LabelledInjected > 0 {
		fmt.Fprintf(b, "                 %d extracted items match no gold item on the %d emails kinds.tsv labels injected (an upper bound)\n",
			er.UnmatchedOnInjected, er.LabelledInjected)
	}
}

func (f FieldScore) text(b *strings.Builder, name string) {
	fmt.Fprintf(b, "%-16s accuracy %.3f (%d/%d gold with one; %d abstained, %d wrong; %d spurious)\n",
		name, f.Accuracy, f.Correct, f.N, f.Abstained, f.N-f.Correct-f.Abstained, f.Spurious)
}

func (u Usage) text(b *strings.Builder) {
	fmt.Fprintf(b, "\ndecided by       %s\n", counts(u.Sources))
	fmt.Fprintf(b, "fallback reasons %s\n", counts(u.FallbackReasons))
	fmt.Fprintf(b, "tokens           prompt %d, completion %d (per 1,000 messages: %.0f, %.0f)\n",
		u.PromptTokens, u.CompletionTokens, u.Per1000.PromptTokens, u.Per1000.CompletionTokens)
	fmt.Fprintf(b, "cost             $%.4f (per 1,000 messages: $%.4f)\n", u.CostUSD, u.Per1000.CostUSD)
	if d := u.Discarded; d.Calls > 0 {
		fmt.Fprintf(b, "paid, not used   %d calls: prompt %d, completion %d tokens, $%.4f (included above)\n",
			d.Calls, d.PromptTokens, d.CompletionTokens, d.CostUSD)
	}
}

// counts renders a count map as "a 3, b 1", largest first, or "none".
func counts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
