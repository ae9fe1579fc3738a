package processors_test

import (
	"context"
	"errors"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/triage/triage/internal/tracing/tracingtest"
	"github.com/triage/triage/processors"
)

func TestTracedSpanIsChildAndCarriesResult(t *testing.T) {
	tp, exp := tracingtest.New()
	tr := tp.Tracer("test")
	var inner trace.SpanContext
	fail := errors.New("boom")
	p := processors.Chain(processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
		inner = trace.SpanContextFromContext(ctx)
		if in.ID == "bad" {
			return processors.Output{}, fail
		}
		return processors.Output{Provenance: processors.Provenance{Source: processors.SourceRules}}, nil
	}), processors.Traced(tr, "rules", func(out processors.Output, err error) []attribute.KeyValue {
		return []attribute.KeyValue{attribute.String("source", out.Provenance.Source)}
	}))
	ctx, parent := tr.Start(context.Background(), "triage.record")
	if _, err := p.Process(ctx, processors.Input{ID: "ok"}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Process(ctx, processors.Input{ID: "bad"}); !errors.Is(err, fail) {
		t.Fatalf("error %v not passed through", err)
	}
	parent.End()
	spans := exp.GetSpans()
	if len(spans) != 3 {
		t.Fatalf("%d spans, want 2 rules and the parent", len(spans))
	}
	ok, bad := spans[0], spans[1]
	if ok.Name != "rules" || ok.Parent.SpanID() != parent.SpanContext().SpanID() {
		t.Errorf("span %q parent %s, want rules under the record", ok.Name, ok.Parent.SpanID())
	}
	if !bad.SpanContext.Equal(inner) {
		t.Error("the wrapped processor did not get the span in its ctx")
	}
	if len(ok.Attributes) != 1 || ok.Attributes[0].Value.AsString() != "rules" || ok.Status.Code != codes.Unset {
		t.Errorf("ok span attributes %v status %v", ok.Attributes, ok.Status)
	}
	if bad.Status.Code != codes.Error || bad.Status.Description != "boom" || len(bad.Events) != 1 {
		t.Errorf("failed span status %v events %d, want Error with the error recorded", bad.Status, len(bad.Events))
	}
}
