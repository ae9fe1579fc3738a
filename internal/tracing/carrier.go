package tracing

import (
	"context"
	"slices"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// Propagator is the W3C Trace Context propagator (traceparent, tracestate)
// triage reads from inputs and writes on outputs.
var Propagator propagation.TextMapPropagator = propagation.TraceContext{}

// Headers is a propagation.TextMapCarrier over Kafka record headers. Get
// returns the first header of a key; Set replaces every header of the key
// with one. It is not safe for concurrent use.
type Headers struct{ H *[]kafka.Header }

// Get returns the value of the first header named key, or "".
func (c Headers) Get(key string) string {
	for _, h := range *c.H {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// Set replaces the headers named key with one holding value.
func (c Headers) Set(key, value string) {
	*c.H = slices.DeleteFunc(*c.H, func(h kafka.Header) bool { return h.Key == key })
	*c.H = append(*c.H, kafka.Header{Key: key, Value: []byte(value)})
}

// Keys lists the header names, in order, once each.
func (c Headers) Keys() []string {
	var keys []string
	for _, h := range *c.H {
		if !slices.Contains(keys, h.Key) {
			keys = append(keys, h.Key)
		}
	}
	return keys
}

// Extract returns ctx with the remote span context of hs's traceparent
// (and tracestate), or ctx unchanged when there is none or it is invalid.
func Extract(ctx context.Context, hs []kafka.Header) context.Context {
	if _, w3c := Propagator.(propagation.TraceContext); w3c && !slices.ContainsFunc(hs, isTraceparent) {
		return ctx // what Trace Context's Extract returns, without the carrier's allocation
	}
	return extract(ctx, hs)
}

// extract is Extract's general case, apart so that only it moves hs to
// the heap.
//
//go:noinline
func extract(ctx context.Context, hs []kafka.Header) context.Context {
	return Propagator.Extract(ctx, Headers{&hs})
}

func isTraceparent(h kafka.Header) bool { return h.Key == "traceparent" }

// Idle reports whether a span that t starts under ctx, and the trace
// context injected from that span, would differ in nothing from ctx's
// own: t is the no-op tracer, ctx has no valid span context and no
// recording span, and Propagator is W3C Trace Context (which injects
// nothing then). Callers skip such a span, which records nothing and costs
// a context, options and closures per record.
func Idle(t trace.Tracer, ctx context.Context) bool {
	if _, ok := t.(noop.Tracer); !ok {
		return false
	}
	if _, w3c := Propagator.(propagation.TraceContext); !w3c {
		return false
	}
	sp := trace.SpanFromContext(ctx)
	return !sp.IsRecording() && !sp.SpanContext().IsValid()
}

// Inject writes the traceparent (and tracestate, when not empty) of ctx's
// span into *hs, replacing any there; nothing when ctx has no valid span
// context.
func Inject(ctx context.Context, hs *[]kafka.Header) {
	Propagator.Inject(ctx, Headers{hs})
}
