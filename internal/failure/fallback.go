package failure

import (
	"context"
	"errors"
	"fmt"
)

// Fallback is why the rules answered when the LLM was meant to. The set is
// closed (schemas/common.v1.json#/$defs/provenance) and is a metric label.
type Fallback string

// Fallback reasons.
const (
	BreakerOpen    Fallback = "breaker_open"    // the circuit breaker refused the call
	Timeout        Fallback = "timeout"         // the LLM call ran out of time
	RateLimited    Fallback = "rate_limited"    // 429 from upstream, or the local RPM/TPM limit cannot admit the call in time
	UpstreamError  Fallback = "upstream_error"  // 5xx, network error, or a 4xx other than 429
	BadAnswer      Fallback = "invalid_output"  // the answer broke the output schema or a domain check
	LowConfidence  Fallback = "low_confidence"  // the LLM said it is unsure
	BudgetExceeded Fallback = "budget_exceeded" // the spend budget for the window is used up
	LLMDisabled    Fallback = "llm_disabled"    // no LLM configured
)

// Fallbacks lists every fallback reason.
var Fallbacks = []Fallback{BreakerOpen, Timeout, RateLimited, UpstreamError, BadAnswer, LowConfidence, BudgetExceeded, LLMDisabled}

// FallbackError carries the fallback reason an LLM failure should produce.
type FallbackError struct {
	Reason Fallback
	Err    error
}

func (e *FallbackError) Error() string { return fmt.Sprintf("%s: %v", e.Reason, e.Err) }
func (e *FallbackError) Unwrap() error { return e.Err }

// WithFallback marks err with the fallback reason r.
func WithFallback(r Fallback, err error) error { return &FallbackError{Reason: r, Err: err} }

// FallbackReason maps an LLM-path error to its fallback reason: the marked
// reason when there is one, timeout for a deadline, upstream_error otherwise.
func FallbackReason(err error) Fallback {
	if fe, ok := err.(*FallbackError); ok { // the common case, without errors.As's allocation
		return fe.Reason
	}
	var fe *FallbackError
	switch {
	case errors.As(err, &fe):
		return fe.Reason
	case errors.Is(err, context.DeadlineExceeded):
		return Timeout
	default:
		return UpstreamError
	}
}
