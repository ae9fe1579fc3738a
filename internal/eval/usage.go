package eval

import "github.com/triage/triage/processors"

// Usage sums the provenance of the decisions: which engine answered, why
// the rules stood in for the LLM, and what the LLM calls cost. Token and
// cost figures are zero for the rules engine.
type Usage struct {
	Decisions        int            `json:"decisions"`
	Sources          map[string]int `json:"sources"`
	FallbackReasons  map[string]int `json:"fallback_reasons"`
	PromptTokens     int            `json:"prompt_tokens"`
	CompletionTokens int            `json:"completion_tokens"`
	CostUSD          float64        `json:"cost_usd"`
	// LatencyMS sums the LLM latency reported by the decisions.
	LatencyMS float64 `json:"latency_ms"`
	// Per1000 is the mean per 1,000 decisions.
	Per1000 PerThousand `json:"per_1000_messages"`
}

// PerThousand is usage per 1,000 messages.
type PerThousand struct {
	PromptTokens     float64 `json:"prompt_tokens"`
	CompletionTokens float64 `json:"completion_tokens"`
	CostUSD          float64 `json:"cost_usd"`
}

func newUsage() Usage {
	return Usage{Sources: map[string]int{}, FallbackReasons: map[string]int{}}
}

// add counts one decision's provenance and refreshes Per1000.
func (u *Usage) add(p processors.Provenance) {
	u.Decisions++
	src := p.Source
	if src == "" {
		src = "(none)"
	}
	u.Sources[src]++
	if p.FallbackReason != "" {
		u.FallbackReasons[p.FallbackReason]++
	}
	u.PromptTokens += p.PromptTokens
	u.CompletionTokens += p.CompletionTokens
	u.CostUSD += p.CostUSD
	u.LatencyMS += p.LatencyMS
	k := 1000 / float64(u.Decisions)
	u.Per1000 = PerThousand{float64(u.PromptTokens) * k, float64(u.CompletionTokens) * k, u.CostUSD * k}
}
