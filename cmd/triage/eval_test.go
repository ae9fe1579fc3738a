package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/model"
	"github.com/triage/triage/processors/rules"
)

const evalData = "../../internal/eval/testdata/"

func TestCmdEval(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		inStdout []string
		inStderr string
		jsonKeys []string // top-level keys the JSON output must hold
		// notInStdout must not appear in stdout.
		notInStdout string
	}{
		{name: "route text", args: []string{"--task", "route", "--data", evalData + "route_small.jsonl"},
			inStdout: []string{"task route, mode rules rules-", "n 5", "accuracy 1.000 (5/5)", "macro-F1 1.000 (over 5 gold queues)",
				"billing", "confusion (rows gold", "decided by       rules 5"}},
		{name: "route json", args: []string{"-task=route", "-data=" + evalData + "route_small.jsonl", "--json"},
			jsonKeys: []string{"task", "n", "mode", "accuracy", "macro_f1", "per_queue", "confusion", "provenance"}},
		{name: "extract text", args: []string{"--task", "extract", "--data", evalData + "extract_small.jsonl"},
			inStdout: []string{"task extract", "n 4", "order detection  P 1.000  R 1.000  F1 1.000",
				"word overlap, equal quantity: recall 1.000 (3/3 gold)  precision 1.000 (3/3 extracted)",
				"exact match 1.000 (3/3 gold)", "whole orders     right 1.000 (2/2 gold orders)",
				"unit prices      accuracy 1.000 (2/2 gold prices)",
				"order ref        accuracy 1.000 (2/2 gold with one; 0 abstained, 0 wrong; 0 spurious)",
				"currency         accuracy 1.000 (1/1 gold with one", "injected items   0"}},
		{name: "extract json", args: []string{"--task", "extract", "--data", evalData + "extract_small.jsonl", "--json"},
			jsonKeys: []string{"task", "n", "mode", "order_f1", "item_recall", "item_precision", "item_exact_match", "price_accuracy",
				"order_detection", "order_ref", "currency", "injected_items"}},
		{name: "legacy envelope", args: []string{"--task", "route", "--data", evalData + "produce.jsonl", "--rules", evalData + "produce.yaml"},
			inStdout: []string{"legacy envelope: 4 records"}},
		{name: "unknown key", args: []string{"--task", "route", "--data", evalData + "unknown_key.jsonl"}, code: 1,
			inStderr: `unknown_key.jsonl line 2: unknown key "priority"`},
		{name: "predictions file in a missing directory", args: []string{"--task", "route", "--data", evalData + "route_small.jsonl",
			"--predictions", "/nonexistent/dir/p.jsonl"}, code: 2, inStderr: "--predictions:"},
		{name: "own label set", args: []string{"--task", "route", "--data", evalData + "produce.jsonl", "--rules", evalData + "produce.yaml"},
			inStdout: []string{"accuracy 0.750 (3/4)", "gold queues the rules do not name: fungi"}},
		{name: "explicit rules mode", args: []string{"--task", "route", "--mode", "rules", "--data", evalData + "route_small.jsonl"},
			inStdout: []string{"accuracy 1.000"}},
		{name: "the built-in model by default", args: []string{"--task", "route", "--data", evalData + "route_small.jsonl"},
			inStdout: []string{"mode rules rules-", "+model-"}},
		{name: "the rules alone", args: []string{"--task", "route", "--rules.model", "none", "--data", evalData + "route_small.jsonl"},
			notInStdout: "+model-"},
		{name: "no built-in model beside a rules file", args: []string{"--task", "route", "--data", evalData + "produce.jsonl", "--rules", evalData + "produce.yaml"},
			notInStdout: "+model-"},
		{name: "the built-in model beside a foreign rules file", args: []string{"--task", "route", "--rules.model", "builtin",
			"--data", evalData + "produce.jsonl", "--rules", evalData + "produce.yaml"}, code: 2, inStderr: "queues the rules do not list"},
		{name: "compare with the built-in model", args: []string{"--task", "route", "--model", "builtin", "--data", evalData + "route_small.jsonl"},
			inStdout: []string{"rules-only", "model-only", "combined"}},
		{name: "the built-in order model by default", args: []string{"--task", "extract", "--data", evalData + "extract_small.jsonl"},
			inStdout: []string{"mode rules rules-", "+model-"}},
		{name: "the rules' orders alone", args: []string{"--task", "extract", "--rules.order_model", "none", "--data", evalData + "extract_small.jsonl"},
			notInStdout: "+model-"},
		{name: "missing model file", args: []string{"--task", "route", "--rules.model", "/nonexistent/m.json", "--data", evalData + "route_small.jsonl"},
			code: 2, inStderr: "--rules.model"},

		{name: "no flags", code: 2, inStderr: "--task and --data are required"},
		{name: "unknown flag", args: []string{"--task", "route", "--nope"}, code: 2, inStderr: "flag provided but not defined"},
		{name: "missing data flag", args: []string{"--task", "route"}, code: 2, inStderr: "--task and --data are required"},
		{name: "bad task", args: []string{"--task", "classify", "--data", evalData + "route_small.jsonl"}, code: 2,
			inStderr: `--task must be route or extract, not "classify"`},
		{name: "bad mode", args: []string{"--task", "route", "--mode", "magic", "--data", evalData + "route_small.jsonl"}, code: 2,
			inStderr: `--mode must be rules, llm or cascade`},
		{name: "llm without LLM", args: []string{"--task", "route", "--mode", "llm", "--data", evalData + "route_small.jsonl"}, code: 2,
			inStderr: "eval: --mode llm needs an LLM (configure llm.* settings)"},
		{name: "cascade without LLM", args: []string{"--task", "extract", "--mode", "cascade", "--data", evalData + "extract_small.jsonl"},
			code: 2, inStderr: "eval: --mode cascade needs an LLM"},
		{name: "stray argument", args: []string{"--task", "route", "--data", evalData + "route_small.jsonl", "extra"}, code: 2,
			inStderr: `unexpected argument "extra"`},
		{name: "bad rules file", args: []string{"--task", "route", "--data", evalData + "route_small.jsonl",
			"--rules", "../../processors/rules/testdata/bad/unknown_queue.yaml"}, code: 2, inStderr: "unknown queue"},
		{name: "missing data file", args: []string{"--task", "route", "--data", evalData + "nope.jsonl"}, code: 1,
			inStderr: "no such file"},
		{name: "malformed line", args: []string{"--task", "route", "--data", evalData + "malformed.jsonl"}, code: 1,
			inStderr: "malformed.jsonl line 3:"},
		{name: "route gold read as extract", args: []string{"--task", "extract", "--data", evalData + "route_small.jsonl"}, code: 1,
			inStderr: `line 1: gold: json: unknown field "queue"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := cmdEval(context.Background(), tt.args, &out, &errb)
			if code != tt.code || !strings.Contains(errb.String(), tt.inStderr) {
				t.Fatalf("code %d (want %d)\nstdout: %s\nstderr: %s", code, tt.code, out.String(), errb.String())
			}
			for _, s := range tt.inStdout {
				if !strings.Contains(out.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, out.String())
				}
			}
			if tt.notInStdout != "" && strings.Contains(out.String(), tt.notInStdout) {
				t.Errorf("stdout holds %q:\n%s", tt.notInStdout, out.String())
			}
			if tt.jsonKeys != nil {
				var obj map[string]json.RawMessage
				dec := json.NewDecoder(&out)
				if err := dec.Decode(&obj); err != nil {
					t.Fatalf("stdout is not one JSON object: %v", err)
				}
				if dec.More() {
					t.Error("stdout holds more than one JSON value")
				}
				for _, k := range tt.jsonKeys {
					if _, ok := obj[k]; !ok {
						t.Errorf("JSON lacks key %q: %s", k, out.String())
					}
				}
			}
		})
	}
}

// --predictions writes one line per record.
func TestCmdEvalPredictions(t *testing.T) {
	p := filepath.Join(t.TempDir(), "p.jsonl")
	var out, errb bytes.Buffer
	if code := cmdEval(context.Background(), []string{"--task", "extract", "--data", evalData + "extract_small.jsonl", "--predictions", p}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	var first struct {
		ID         string            `json:"id"`
		Gold       processors.Order  `json:"gold"`
		Prediction *processors.Order `json:"prediction"`
		Source     string            `json:"source"`
		Confidence *float64          `json:"confidence"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if len(lines) != 4 || first.ID != "<e1@shop.example>" || len(first.Gold.Items) != 2 || first.Prediction == nil ||
		len(first.Prediction.Items) != 2 || first.Source != "rules" || first.Confidence == nil {
		t.Errorf("%d lines, first %+v:\n%s", len(lines), first, data)
	}
}

// The evalEngine hook supplies the processor for --mode llm and cascade;
// the report counts its sources, fallback reasons, tokens and cost.
func TestCmdEvalInjectedEngine(t *testing.T) {
	defer func(old func(context.Context, string, string, *rules.Rules, *model.Model) (processors.Processor, error)) {
		evalEngine = old
	}(evalEngine)
	var gotMode, gotTask string
	var gotModel *model.Model
	evalEngine = func(_ context.Context, mode, task string, r *rules.Rules, m *model.Model) (processors.Processor, error) {
		gotMode, gotTask, gotModel = mode, task, m
		rt := rules.NewRouter(r)
		return processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
			out, err := rt.Process(ctx, in)
			if in.ID == "r1" {
				out.Provenance.FallbackReason = "timeout"
				return out, err
			}
			out.Provenance = processors.Provenance{Source: processors.SourceLLM, PromptTokens: 100, CompletionTokens: 10, CostUSD: 0.001}
			return out, err
		}), nil
	}
	var out, errb bytes.Buffer
	code := cmdEval(context.Background(), []string{"--task", "route", "--mode", "cascade", "--json", "--data", evalData + "route_small.jsonl"}, &out, &errb)
	if code != 0 || gotMode != "cascade" || gotTask != "route" {
		t.Fatalf("code %d, mode %q, task %q; stderr %s", code, gotMode, gotTask, errb.String())
	}
	if bm, _ := model.Builtin(); gotModel == nil || gotModel.Version != bm.Version {
		t.Errorf("the cascade's rules got model %v, want the built-in routing model", gotModel)
	}
	var rep struct {
		Mode       string  `json:"mode"`
		Accuracy   float64 `json:"accuracy"`
		Provenance struct {
			Sources         map[string]int `json:"sources"`
			FallbackReasons map[string]int `json:"fallback_reasons"`
			PromptTokens    int            `json:"prompt_tokens"`
			Per1000         struct {
				CostUSD float64 `json:"cost_usd"`
			} `json:"per_1000_messages"`
		} `json:"provenance"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	p := rep.Provenance
	if rep.Mode != "cascade" || rep.Accuracy != 1 || p.Sources["llm"] != 4 || p.Sources["rules"] != 1 ||
		p.FallbackReasons["timeout"] != 1 || p.PromptTokens != 400 || p.Per1000.CostUSD < 0.79 || p.Per1000.CostUSD > 0.81 {
		t.Errorf("report %+v", rep)
	}
}
