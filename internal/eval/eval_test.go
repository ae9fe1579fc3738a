package eval

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/triage/triage/processors"
)

const td = "testdata/"

func TestRunUsageErrors(t *testing.T) {
	tests := []struct {
		name  string
		o     Options
		usage bool
		msg   string
	}{
		{"bad task", Options{Task: "sort", Data: td + "route_small.jsonl"}, true, `--task must be route or extract`},
		{"bad mode", Options{Task: TaskRoute, Mode: "psychic", Data: td + "route_small.jsonl"}, true, `--mode must be`},
		{"llm needs an LLM", Options{Task: TaskRoute, Mode: ModeLLM, Data: td + "route_small.jsonl"}, true,
			"eval: --mode llm needs an LLM (configure llm.* settings)"},
		{"cascade needs an LLM", Options{Task: TaskExtract, Mode: ModeCascade, Data: td + "extract_small.jsonl"}, true,
			"eval: --mode cascade needs an LLM"},
		{"rules file missing", Options{Task: TaskRoute, Data: td + "route_small.jsonl", RulesFile: td + "none.yaml"}, true,
			"none.yaml"},
		{"data missing", Options{Task: TaskRoute, Data: td + "none.jsonl"}, false, "none.jsonl"},
		{"malformed line", Options{Task: TaskRoute, Data: td + "malformed.jsonl"}, false, "malformed.jsonl line 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), tt.o)
			if err == nil || IsUsage(err) != tt.usage || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err %v (usage %v), want usage=%v containing %q", err, IsUsage(err), tt.usage, tt.msg)
			}
		})
	}
}

// An injected processor is used whatever the mode; its errors and odd
// decisions count as wrong answers, not as a failed run.
func TestRunInjectedProcessor(t *testing.T) {
	p := processors.Func(func(_ context.Context, in processors.Input) (processors.Output, error) {
		if in.Kind != processors.KindTicket || in.Ticket == nil || in.Ticket.TicketID != in.ID {
			t.Errorf("input %+v: want a ticket", in)
		}
		switch in.ID {
		case "r1":
			return processors.Output{}, errors.New("model overloaded")
		case "r2":
			return processors.Output{Decision: &processors.Order{}}, nil
		}
		return processors.Output{Decision: &processors.Route{Queue: "shipping"},
			Provenance: processors.Provenance{Source: processors.SourceLLM, CompletionTokens: 5}}, nil
	})
	rep, err := Run(context.Background(), Options{Task: TaskRoute, Mode: ModeLLM, Data: td + "route_small.jsonl", Route: p})
	if err != nil {
		t.Fatal(err)
	}
	if rep.N != 5 || rep.Errors != 2 || rep.FirstError != "r1: model overloaded" || rep.Correct != 1 ||
		rep.Confusion["billing"][ErrorLabel] != 1 || rep.Usage.Sources["llm"] != 3 || rep.Usage.CompletionTokens != 15 {
		t.Errorf("report %+v %+v", rep, rep.RouteResult)
	}
	if rep.RulesVersion != "" || rep.GoldNotInRules != nil {
		t.Errorf("rules fields set for an injected processor: %q %v", rep.RulesVersion, rep.GoldNotInRules)
	}
}

func TestRunBoundsConcurrency(t *testing.T) {
	var now, peak atomic.Int32
	p := processors.Func(func(_ context.Context, in processors.Input) (processors.Output, error) {
		n := now.Add(1)
		for {
			old := peak.Load()
			if n <= old || peak.CompareAndSwap(old, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
		now.Add(-1)
		return processors.Output{Decision: &processors.Route{Queue: "other"}}, nil
	})
	if _, err := Run(context.Background(), Options{Task: TaskRoute, Data: td + "route_small.jsonl", Route: p, Concurrency: 2}); err != nil {
		t.Fatal(err)
	}
	if peak.Load() > 2 {
		t.Errorf("%d calls at once, want at most 2", peak.Load())
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, Options{Task: TaskExtract, Data: td + "extract_small.jsonl"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
}

func TestRunExtractRules(t *testing.T) {
	rep, err := Run(context.Background(), Options{Task: TaskExtract, Data: td + "extract_small.jsonl"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.RouteResult != nil || rep.ExtractResult == nil || rep.N != 4 || rep.OrderF1 != 1 || rep.ItemExactMatch != 1 ||
		rep.PriceAccuracy != 1 || rep.Detection != (Detection{TP: 2, TN: 2}) || !strings.HasPrefix(rep.RulesVersion, "rules-") {
		t.Errorf("report %+v %+v", rep, rep.ExtractResult)
	}
}
