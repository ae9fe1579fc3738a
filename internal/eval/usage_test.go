package eval

import (
	"math"
	"testing"

	"github.com/triage/triage/processors"
)

func TestUsage(t *testing.T) {
	u := newUsage()
	for _, p := range []processors.Provenance{
		{Source: "llm", PromptTokens: 300, CompletionTokens: 40, CostUSD: 0.002, LatencyMS: 800},
		{Source: "rules", FallbackReason: "timeout", PromptTokens: 300, CostUSD: 0.001},
		{Source: "cache"},
		{},
	} {
		u.add(p)
	}
	if u.Decisions != 4 || u.Sources["llm"] != 1 || u.Sources["rules"] != 1 || u.Sources["cache"] != 1 ||
		u.Sources["(none)"] != 1 || u.FallbackReasons["timeout"] != 1 || len(u.FallbackReasons) != 1 {
		t.Errorf("counts %+v", u)
	}
	if u.PromptTokens != 600 || u.CompletionTokens != 40 || u.LatencyMS != 800 ||
		u.Per1000.PromptTokens != 150_000 || u.Per1000.CompletionTokens != 10_000 || math.Abs(u.Per1000.CostUSD-0.75) > 1e-9 {
		t.Errorf("sums %+v", u)
	}
	if got := counts(u.Sources); got != "(none) 1, cache 1, llm 1, rules 1" {
		t.Errorf("counts() = %q", got)
	}
	if got := counts(nil); got != "none" {
		t.Errorf("counts(nil) = %q", got)
	}
}
