package main

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/triage/triage/internal/sim"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
)

// eval in cascade and llm modes against the simulated LLM: the report
// carries accuracy, the fallback rate and tokens and cost per 1,000.
func TestEvalWithSimulatedLLM(t *testing.T) {
	rs, _ := rules.Default()
	_, url, stop, err := llmsim.Start(llmsim.Config{Model: "sim", LowConfidenceRate: 0.2, Seed: 7,
		Latency: llmsim.Dist{Min: time.Millisecond, Median: time.Millisecond, P99: time.Millisecond}}, sim.RulesAnswerer(rs))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	t.Setenv("TRIAGE_LLM_BASE_URL", url)
	t.Setenv("TRIAGE_LLM_MODEL", "sim")
	t.Setenv("TRIAGE_LLM_CACHE_SIZE", "0")
	for _, mode := range []string{"cascade", "llm"} {
		t.Run(mode, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := dispatch(context.Background(), []string{"eval", "--task", "route", "--data", "../../processors/rules/testdata/route_default.jsonl", "--mode", mode, "--json"}, &out, &errb, env(nil))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			var rep struct {
				Mode       string  `json:"mode"`
				N          int     `json:"n"`
				Accuracy   float64 `json:"accuracy"`
				Provenance struct {
					Sources         map[string]int `json:"sources"`
					FallbackReasons map[string]int `json:"fallback_reasons"`
					Per1000         struct {
						PromptTokens float64 `json:"prompt_tokens"`
						CostUSD      float64 `json:"cost_usd"`
					} `json:"per_1000_messages"`
				} `json:"provenance"`
			}
			if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: accuracy %.3f sources %v fallbacks %v per 1000: %.0f prompt tokens $%.4f", mode, rep.Accuracy, rep.Provenance.Sources, rep.Provenance.FallbackReasons, rep.Provenance.Per1000.PromptTokens, rep.Provenance.Per1000.CostUSD)
			if rep.Mode != mode || rep.N == 0 || rep.Provenance.Sources["llm"] == 0 || rep.Provenance.Per1000.PromptTokens == 0 || rep.Provenance.Per1000.CostUSD <= 0 {
				t.Errorf("report %+v", rep)
			}
			if mode == "cascade" && (rep.Provenance.FallbackReasons["low_confidence"] == 0 || rep.Accuracy < 0.85) {
				t.Errorf("cascade: low-confidence answers must fall back to rules: %+v", rep)
			}
		})
	}
}
