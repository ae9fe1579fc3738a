package eval

import "github.com/triage/triage/processors"

// Usage sums the provenance of every record's answer: which engine answered,
// why the rules stood in for the LLM, and what the LLM calls cost. Tokens
// and cost count every paid call, whether its answer was used or not: an
// answer rejected by the validator or below llm.min_confidence was paid for
// (the engines keep its usage on the provenance of the error or the
// fallback). Token and cost figures are zero for the rules engine.
type Usage struct {
	// Decisions counts the records, failed ones included.
	Decisions int `json:"decisions"`
	// Sources counts who answered; a record whose processor failed counts
	// as ErrorLabel.
	Sources          map[string]int `json:"sources"`
	FallbackReasons  map[string]int `json:"fallback_reasons"`
	PromptTokens     int            `json:"prompt_tokens"`
	CompletionTokens int            `json:"completion_tokens"`
	CostUSD          float64        `json:"cost_usd"`
	// Discarded is the part of the above paid for answers that were not
	// used: the record failed, or the rules answered in their place
	// (fallback after a paid call: invalid output, low confidence).
	Discarded Discarded `json:"discarded"`
	// LatencyMS sums the LLM latency reported by the answers.
	LatencyMS float64 `json:"latency_ms"`
	// Per1000 is the mean per 1,000 records.
	Per1000 PerThousand `json:"per_1000_messages"`
}

// Discarded is what paid LLM answers that were not used cost.
type Discarded struct {
	Calls            int     `json:"calls"`
	PromptTokens     int     `json:"prompt_tokens"`
	CompletionTokens int     `json:"completion_tokens"`
	CostUSD          float64 `json:"cost_usd"`
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

// add counts one record's provenance (failed: its processor returned an
// error) and refreshes Per1000.
func (u *Usage) add(p processors.Provenance, failed bool) {
	u.Decisions++
	src := p.Source
	switch {
	case failed:
		src = ErrorLabel
	case src == "":
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
	if paid := p.PromptTokens+p.CompletionTokens > 0 || p.CostUSD > 0; paid && (failed || p.FallbackReason != "") {
		d := &u.Discarded
		d.Calls++
		d.PromptTokens += p.PromptTokens
		d.CompletionTokens += p.CompletionTokens
		d.CostUSD += p.CostUSD
	}
	k := 1000 / float64(u.Decisions)
	u.Per1000 = PerThousand{float64(u.PromptTokens) * k, float64(u.CompletionTokens) * k, u.CostUSD * k}
}
