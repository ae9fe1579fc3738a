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
		rep.Confusion["billing"][ErrorLabel] != 1 || rep.Usage.Sources["llm"] != 3 || rep.Usage.Sources[ErrorLabel] != 1 ||
		rep.Usage.CompletionTokens != 15 {
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
		rep.ItemRecall != 1 || rep.ItemPrecision != 1 || rep.OrdersAllRight != 2 || rep.PriceAccuracy != 1 ||
		rep.Detection != (Detection{TP: 2, TN: 2}) || !strings.HasPrefix(rep.RulesVersion, "rules-") || rep.Legacy != 0 ||
		rep.Ref != (FieldScore{Accuracy: 1, N: 2, Correct: 2}) || rep.Currency != (FieldScore{Accuracy: 1, N: 1, Correct: 1}) {
		t.Errorf("report %+v %+v", rep, rep.ExtractResult)
	}
}

// In --mode llm an answer the validator rejects is an error whose output
// still carries the paid call's provenance: its tokens and cost count.
// Predictions list every record with its gold, decision, source and
// confidence, or the error.
func TestRunCountsRejectedAnswersAndWritesPredictions(t *testing.T) {
	conf := 0.9
	p := processors.Func(func(_ context.Context, in processors.Input) (processors.Output, error) {
		pv := processors.Provenance{Source: processors.SourceLLM, PromptTokens: 100, CompletionTokens: 10, CostUSD: 0.01, Confidence: &conf}
		if in.ID == "r2" {
			return processors.Output{Provenance: pv}, errors.New("engine: route: answer breaks its schema")
		}
		return processors.Output{Decision: &processors.Route{Queue: "billing"}, Provenance: pv}, nil
	})
	var preds strings.Builder
	rep, err := Run(context.Background(), Options{Task: TaskRoute, Mode: ModeLLM, Data: td + "route_small.jsonl", Route: p, Predictions: &preds})
	if err != nil {
		t.Fatal(err)
	}
	u := rep.Usage
	if u.PromptTokens != 500 || u.CompletionTokens != 50 || !near(u.CostUSD, 0.05) || u.Discarded.Calls != 1 || !near(u.Discarded.CostUSD, 0.01) {
		t.Errorf("usage %+v: want all 5 paid calls, 1 of them discarded", u)
	}
	lines := strings.Split(strings.TrimSpace(preds.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d prediction lines:\n%s", len(lines), preds.String())
	}
	for i, want := range []string{
		`{"id":"r1","line":1,"gold":{"queue":"billing"},"prediction":{"queue":"billing"},"source":"llm","confidence":0.9,"cost_usd":0.01}`,
		`{"id":"r2","line":2,"gold":{"queue":"technical"},"prediction":null,"source":"(error)","confidence":0.9,"cost_usd":0.01,"error":"engine: route: answer breaks its schema"}`,
		`{"id":"r3","line":4,"gold":{"queue":"shipping"},"prediction":{"queue":"billing"},"source":"llm","confidence":0.9,"cost_usd":0.01}`,
	} {
		if lines[i] != want {
			t.Errorf("line %d:\ngot  %s\nwant %s", i+1, lines[i], want)
		}
	}
}

// A data file may mix live records (html decoded by the live decoder) and
// the legacy envelope; the report counts the legacy ones.
func TestRunLiveHTMLAndLegacy(t *testing.T) {
	data := writeData(t, liveEmail+"\n"+`{"id":"old","subject":"Order","body":"Please send 3 x Blue Widget.","gold":{"is_order":true,"items":[{"product":"Blue Widget","quantity":3}]}}`)
	rep, err := Run(context.Background(), Options{Task: TaskExtract, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if rep.N != 2 || rep.Legacy != 1 || rep.GoldItems != 2 {
		t.Errorf("report %+v %+v", rep, rep.ExtractResult)
	}
	var seen []string
	p := processors.Func(func(_ context.Context, in processors.Input) (processors.Output, error) {
		seen = append(seen, in.Body)
		return processors.Output{Decision: &processors.Order{}}, nil
	})
	if _, err := Run(context.Background(), Options{Task: TaskExtract, Data: td + "extract_live.jsonl", Extract: p, Concurrency: 1}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || strings.Contains(seen[0], "<") || !strings.Contains(seen[0], "4 x Lantern") || strings.Contains(seen[0], "Gold Bar") {
		t.Errorf("the engine saw %q", seen)
	}
}
