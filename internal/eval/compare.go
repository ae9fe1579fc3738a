package eval

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/triage/triage/processors"
)

// Engine is one column of a comparison: a name and its routing processor.
type Engine struct {
	Name  string
	Route processors.Processor
}

// Column is one engine's report in a comparison.
type Column struct {
	Engine string `json:"engine"`
	Report Report `json:"report"`
}

// Compare scores each engine on the routing records of o.Data with Run,
// one engine after another, and returns their reports in the engines'
// order; o.Route and o.Predictions are not used. It fails as Run does.
// "triage eval --model" compares rules-only, model-only and combined so.
func Compare(ctx context.Context, o Options, engines []Engine) ([]Column, error) {
	if o.Task != TaskRoute {
		return nil, usagef("eval: comparing engines needs --task route, not %q", o.Task)
	}
	o.Predictions = nil
	cols := make([]Column, 0, len(engines))
	for _, e := range engines {
		o.Route = e.Route
		rep, err := Run(ctx, o)
		if err != nil {
			return nil, fmt.Errorf("%w (engine %s)", err, e.Name)
		}
		cols = append(cols, Column{e.Name, rep})
	}
	return cols, nil
}

// WriteComparison prints the columns side by side: accuracy, records
// right, macro-F1 over the gold queues and processor errors, then F1 per
// gold queue where the engines differ.
func WriteComparison(w io.Writer, data string, cols []Column) error {
	var b strings.Builder
	n := 0
	if len(cols) > 0 {
		n = cols[0].Report.N
	}
	fmt.Fprintf(&b, "triage eval: task route, %s, n %d\n%-28s", data, n, "")
	for _, c := range cols {
		fmt.Fprintf(&b, " %14s", c.Engine)
	}
	row := func(name string, cell func(Report) string) {
		fmt.Fprintf(&b, "\n%-28s", name)
		for _, c := range cols {
			fmt.Fprintf(&b, " %14s", cell(c.Report))
		}
	}
	row("accuracy", func(r Report) string { return fmt.Sprintf("%.3f", r.Accuracy) })
	row("right", func(r Report) string { return fmt.Sprintf("%d/%d", r.Correct, r.N) })
	row("macro-F1 (gold queues)", func(r Report) string { return fmt.Sprintf("%.3f", r.MacroF1) })
	row("errors", func(r Report) string { return fmt.Sprint(r.Errors) })
	if len(cols) > 0 {
		for _, q := range cols[0].Report.Labels {
			if cols[0].Report.PerQueue[q].Support == 0 || sameF1(cols, q) {
				continue
			}
			row("F1 "+q, func(r Report) string { return fmt.Sprintf("%.3f", r.PerQueue[q].F1) })
		}
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func sameF1(cols []Column, q string) bool {
	for _, c := range cols[1:] {
		if c.Report.PerQueue[q].F1 != cols[0].Report.PerQueue[q].F1 {
			return false
		}
	}
	return true
}
