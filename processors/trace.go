package processors

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/triage/triage/internal/tracing"
)

// Traced runs the wrapped processor in a span named name, a child of the
// span in ctx, which the wrapped processor gets in its ctx. attrs (nil for
// none) adds attributes from the result; a returned error is recorded on
// the span with status Error. With a no-op tracer it costs nothing.
func Traced(t trace.Tracer, name string, attrs func(Output, error) []attribute.KeyValue) Middleware {
	return func(next Processor) Processor {
		return Func(func(ctx context.Context, in Input) (Output, error) {
			if tracing.Idle(t, ctx) {
				return next.Process(ctx, in) // the span would be a no-op one
			}
			ctx, sp := t.Start(ctx, name)
			out, err := next.Process(ctx, in)
			if attrs != nil && sp.IsRecording() {
				sp.SetAttributes(attrs(out, err)...)
			}
			tracing.End(sp, err)
			return out, err
		})
	}
}
