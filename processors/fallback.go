package processors

import (
	"context"
	"errors"
	"fmt"

	"github.com/triage/triage/internal/failure"
)

// FallbackOptions tune the Fallback middleware.
type FallbackOptions struct {
	// MinConfidence: an answer whose own confidence is below it is replaced
	// by the fallback's, with reason low_confidence (0 disables).
	MinConfidence float64
	// OnDecision is called once per decision with its source and fallback
	// reason ("" when none); for metrics. It must not block.
	OnDecision func(source, reason string)
}

// Fallback answers with fb whenever the wrapped (LLM) processor fails or is
// unsure, and records why on the output (provenance.fallback_reason, one of
// failure.Fallbacks). The model and prompt that were tried stay on the
// provenance. Cancellation is not a fallback: the error is returned so the
// record is redelivered. An error of fb itself is returned as is.
func Fallback(fb Processor, o FallbackOptions) Middleware {
	return func(next Processor) Processor {
		return Func(func(ctx context.Context, in Input) (Output, error) {
			out, err := next.Process(ctx, in)
			var reason failure.Fallback
			switch {
			case err != nil && ctx.Err() != nil:
				return out, err
			case err != nil:
				reason = failure.FallbackReason(err)
			case o.MinConfidence > 0 && out.Provenance.Confidence != nil && *out.Provenance.Confidence < o.MinConfidence:
				reason = failure.LowConfidence
			default:
				report(o, out.Provenance.Source, "")
				return out, nil
			}
			tried := out.Provenance
			fout, ferr := fb.Process(ctx, in)
			if ferr != nil {
				return fout, fmt.Errorf("processors: fallback after %s: %w", reason, ferr)
			}
			fout.Provenance.FallbackReason = string(reason)
			fout.Exchange = out.Exchange
			if fout.Provenance.Model == "" {
				// What the failed attempt cost stays visible on the event.
				fp := &fout.Provenance
				fp.Model, fp.PromptVersion, fp.LatencyMS = tried.Model, tried.PromptVersion, tried.LatencyMS
				fp.PromptTokens, fp.CompletionTokens, fp.CostUSD = tried.PromptTokens, tried.CompletionTokens, tried.CostUSD
			}
			report(o, fout.Provenance.Source, string(reason))
			return fout, nil
		})
	}
}

func report(o FallbackOptions, source, reason string) {
	if o.OnDecision != nil {
		o.OnDecision(source, reason)
	}
}

// RulesFirst answers with rules when they are confident by their own measure
// (confidence >= min), without calling the wrapped processor; otherwise it
// calls it. Off by default in the service.
func RulesFirst(rules Processor, min float64) Middleware {
	return func(next Processor) Processor {
		return Func(func(ctx context.Context, in Input) (Output, error) {
			out, err := rules.Process(ctx, in)
			if err == nil && out.Provenance.Confidence != nil && *out.Provenance.Confidence >= min {
				return out, nil
			}
			return next.Process(ctx, in)
		})
	}
}

// Disabled is the processor used when no LLM is configured: every call is a
// fallback with reason llm_disabled.
var Disabled Processor = Func(func(context.Context, Input) (Output, error) {
	return Output{}, errDisabled
})

// errDisabled is Disabled's error, made once: every rules-only decision
// gets it.
var errDisabled = failure.WithFallback(failure.LLMDisabled, errors.New("processors: no LLM configured"))
