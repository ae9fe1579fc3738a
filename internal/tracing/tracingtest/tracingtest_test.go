package tracingtest

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
)

func TestNamedAndAttr(t *testing.T) {
	tp, exp := New()
	_, sp := tp.Tracer("t").Start(context.Background(), "a")
	sp.SetAttributes(attribute.Int("n", 3), attribute.Bool("b", true))
	sp.End()
	s, ok := Named(exp.GetSpans(), "a")
	if !ok {
		t.Fatal("span a not found")
	}
	if Attr(s, "n") != "3" || Attr(s, "b") != "true" || Attr(s, "missing") != "" {
		t.Errorf("attributes %v", s.Attributes)
	}
	if _, ok := Named(exp.GetSpans(), "b"); ok {
		t.Error("found a span never started")
	}
}
