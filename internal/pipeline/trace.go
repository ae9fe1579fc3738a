package pipeline

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/internal/tracing"
	"github.com/triage/triage/processors"
)

// Spans of one decision, children of the record's span
// (consumer.SpanRecord); llm is a child of cache when both are there.
const (
	SpanDecode = "decode"
	SpanRules  = "rules"
	SpanCache  = "cache"
	SpanLLM    = "llm"
)

// Span attributes set by the pipeline (gen_ai.* follow OpenTelemetry's
// generative-AI conventions).
const (
	AttrSource         = "triage.source"          // record span: engine that decided (rules, llm, cache)
	AttrFallbackReason = "triage.fallback_reason" // record span: why the rules answered, when they did
	AttrCacheResult    = "triage.cache.result"    // cache span: processors.CacheHit or CacheMiss
	AttrModel          = "gen_ai.request.model"
	AttrInputTokens    = "gen_ai.usage.input_tokens"
	AttrOutputTokens   = "gen_ai.usage.output_tokens"
	AttrCostUSD        = "triage.llm.cost_usd"
	// AttrOutcome (llm span) is "ok" or the fallback reason its error
	// gives the decision (timeout, breaker_open, budget_exceeded, ...).
	AttrOutcome = "triage.llm.outcome"
)

// decode decodes v as kind in the decode span.
func (h *Handler) decode(ctx context.Context, kind processors.Kind, v []byte) (processors.Input, error) {
	t := tracing.Tracer(h.Tracing)
	if tracing.Idle(t, ctx) {
		return h.Decoder.Decode(kind, v)
	}
	_, sp := t.Start(ctx, SpanDecode,
		trace.WithAttributes(attribute.String("triage.kind", string(kind)), attribute.Int("triage.value_bytes", len(v))))
	in, err := h.Decoder.Decode(kind, v)
	tracing.End(sp, err)
	return in, err
}

// decided puts the decision's source and fallback reason on the span in
// ctx (the record's): which engine answered is visible at the top.
func decided(next processors.Processor) processors.Processor {
	return processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
		out, err := next.Process(ctx, in)
		if sp := trace.SpanFromContext(ctx); err == nil && sp.IsRecording() {
			sp.SetAttributes(attribute.String(AttrSource, out.Provenance.Source))
			if r := out.Provenance.FallbackReason; r != "" {
				sp.SetAttributes(attribute.String(AttrFallbackReason, r))
			}
		}
		return out, err
	})
}

// llmAttrs are the llm span's attributes: the model asked, what the call
// cost (also when it failed after an answer) and its outcome.
func llmAttrs(model string) func(processors.Output, error) []attribute.KeyValue {
	return func(out processors.Output, err error) []attribute.KeyValue {
		pv := out.Provenance
		outcome := "ok"
		if err != nil {
			outcome = string(failure.FallbackReason(err))
		}
		return []attribute.KeyValue{attribute.String("gen_ai.operation.name", "chat"), attribute.String(AttrModel, model),
			attribute.Int(AttrInputTokens, pv.PromptTokens), attribute.Int(AttrOutputTokens, pv.CompletionTokens),
			attribute.Float64(AttrCostUSD, pv.CostUSD), attribute.String(AttrOutcome, outcome)}
	}
}

// cacheAttrs say whether the answer came from the cache.
func cacheAttrs(out processors.Output, err error) []attribute.KeyValue {
	result := processors.CacheMiss
	if err == nil && out.Provenance.Source == processors.SourceCache {
		result = processors.CacheHit
	}
	return []attribute.KeyValue{attribute.String(AttrCacheResult, result)}
}
