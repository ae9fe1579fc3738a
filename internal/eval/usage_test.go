package eval

import (
	"math"
	"testing"

	"github.com/triage/triage/processors"
)

func TestUsage(t *testing.T) {
	u := newUsage()
	for _, p := range []struct {
		pv     processors.Provenance
		failed bool
	}{
		{processors.Provenance{Source: "llm", PromptTokens: 300, CompletionTokens: 40, CostUSD: 0.002, LatencyMS: 800}, false},
		{processors.Provenance{Source: "rules", FallbackReason: "low_confidence", PromptTokens: 300, CostUSD: 0.001}, false},
		{processors.Provenance{Source: "cache"}, false},
		{processors.Provenance{}, false},
	} {
		u.add(p.pv, p.failed)
	}
	if u.Decisions != 4 || u.Sources["llm"] != 1 || u.Sources["rules"] != 1 || u.Sources["cache"] != 1 ||
		u.Sources["(none)"] != 1 || u.FallbackReasons["low_confidence"] != 1 || len(u.FallbackReasons) != 1 {
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

// An answer rejected by the validator (the processor's error carries the
// provenance of the paid call) and one replaced for low confidence are
// counted in tokens and cost, and apart as paid but not used. The old Usage
// left the failed record out entirely.
func TestUsageCountsEveryPaidCall(t *testing.T) {
	u := newUsage()
	u.add(processors.Provenance{Source: "llm", PromptTokens: 100, CompletionTokens: 10, CostUSD: 0.01}, false)
	u.add(processors.Provenance{Source: "llm", PromptTokens: 200, CompletionTokens: 20, CostUSD: 0.02}, true)
	u.add(processors.Provenance{Source: "rules", FallbackReason: "low_confidence", PromptTokens: 300, CompletionTokens: 30, CostUSD: 0.03}, false)
	u.add(processors.Provenance{Source: "rules", FallbackReason: "timeout"}, false)
	if u.PromptTokens != 600 || u.CompletionTokens != 60 || math.Abs(u.CostUSD-0.06) > 1e-12 || u.Sources[ErrorLabel] != 1 {
		t.Errorf("usage %+v", u)
	}
	d := u.Discarded
	if d.Calls != 2 || d.PromptTokens != 500 || d.CompletionTokens != 50 || math.Abs(d.CostUSD-0.05) > 1e-12 {
		t.Errorf("discarded %+v, want the rejected and the low-confidence call", d)
	}
	if math.Abs(u.Per1000.CostUSD-15) > 1e-9 {
		t.Errorf("per 1000 %+v, want over all 4 records", u.Per1000)
	}
}
