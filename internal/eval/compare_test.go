package eval

import (
	"context"
	"strings"
	"testing"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/rules"
)

func constRoute(queue string) processors.Processor {
	return processors.Func(func(context.Context, processors.Input) (processors.Output, error) {
		return processors.Output{Decision: &processors.Route{Queue: queue}}, nil
	})
}

func TestCompare(t *testing.T) {
	r, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Task: TaskRoute, Data: "testdata/route_small.jsonl"}
	cols, err := Compare(context.Background(), o, []Engine{{"rules-only", rules.NewRouter(r)}, {"billing", constRoute("billing")}})
	if err != nil {
		t.Fatal(err)
	}
	want, err := Run(context.Background(), Options{Task: TaskRoute, Data: o.Data})
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) != 2 || cols[0].Report.Correct != want.Correct || cols[1].Report.Correct != cols[1].Report.PerQueue["billing"].Support {
		t.Fatalf("columns %+v", cols)
	}
	var b strings.Builder
	if err := WriteComparison(&b, o.Data, cols); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, s := range []string{"rules-only", "billing", "accuracy", "macro-F1", "F1 technical"} {
		if !strings.Contains(out, s) {
			t.Errorf("comparison lacks %q:\n%s", s, out)
		}
	}
	if _, err := Compare(context.Background(), Options{Task: TaskExtract, Data: o.Data}, nil); !IsUsage(err) {
		t.Errorf("extract: %v, want a usage error", err)
	}
}
