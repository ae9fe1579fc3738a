package tracing

import (
	"context"
	"slices"
	"testing"

	"github.com/segmentio/kafka-go"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

const parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

func TestHeadersCarrier(t *testing.T) {
	hs := []kafka.Header{{Key: "a", Value: []byte("1")}, {Key: "b", Value: []byte("2")}, {Key: "a", Value: []byte("3")}}
	c := Headers{&hs}
	if got := c.Get("a"); got != "1" {
		t.Errorf("Get(a) = %q, want the first, 1", got)
	}
	if got := c.Get("missing"); got != "" {
		t.Errorf("Get(missing) = %q", got)
	}
	if got := c.Keys(); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("Keys() = %v", got)
	}
	c.Set("a", "9")
	if len(hs) != 2 || c.Get("a") != "9" || c.Get("b") != "2" {
		t.Errorf("Set(a) left %v, want one a=9 and b kept", hs)
	}
}

// Extract then Inject is W3C propagation: the same traceparent and
// tracestate, replacing a stale one on the output.
func TestExtractInjectRoundTrip(t *testing.T) {
	in := []kafka.Header{{Key: "traceparent", Value: []byte(parent)}, {Key: "tracestate", Value: []byte("vendor=x")}}
	ctx := Extract(context.Background(), in)
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() || !sc.IsRemote() || sc.TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Fatalf("extracted %+v", sc)
	}
	out := []kafka.Header{{Key: "traceparent", Value: []byte("stale")}}
	Inject(ctx, &out)
	c := Headers{&out}
	if c.Get("traceparent") != parent || c.Get("tracestate") != "vendor=x" || len(out) != 2 {
		t.Errorf("injected %v", out)
	}
}

func TestExtractIgnoresInvalid(t *testing.T) {
	for _, v := range []string{"", "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"} {
		ctx := Extract(context.Background(), []kafka.Header{{Key: "traceparent", Value: []byte(v)}})
		if trace.SpanContextFromContext(ctx).IsValid() {
			t.Errorf("traceparent %q accepted", v)
		}
		var out []kafka.Header
		Inject(ctx, &out)
		if len(out) != 0 {
			t.Errorf("traceparent %q: injected %v", v, out)
		}
	}
}

// TestIdle: a span is skipped only where starting it with the no-op tracer
// and injecting its context would leave ctx and the headers as they are.
func TestIdle(t *testing.T) {
	nop := Tracer(nil)
	bare := context.Background()
	withParent := Extract(bare, []kafka.Header{{Key: "x", Value: []byte("1")}, {Key: "traceparent", Value: []byte(parent)}})
	if Extract(bare, []kafka.Header{{Key: "x", Value: []byte("1")}}) != bare {
		t.Error("Extract without a traceparent changed ctx")
	}
	sdk := sdktrace.NewTracerProvider()
	defer sdk.Shutdown(bare)
	recording, sp := sdk.Tracer("t").Start(bare, "s")
	defer sp.End()
	for _, c := range []struct {
		name string
		t    trace.Tracer
		ctx  context.Context
		want bool
	}{
		{"no-op, no span", nop, bare, true},
		{"no-op under an input's traceparent", nop, withParent, false},
		{"no-op under a recording span", nop, recording, false},
		{"an SDK tracer", sdk.Tracer("t"), bare, false},
	} {
		if got := Idle(c.t, c.ctx); got != c.want {
			t.Errorf("%s: Idle %v, want %v", c.name, got, c.want)
		}
		if !c.want {
			continue
		}
		ctx, sp := c.t.Start(c.ctx, "s")
		var hs []kafka.Header
		Inject(ctx, &hs)
		if sp.IsRecording() || sp.SpanContext().IsValid() || len(hs) != 0 {
			t.Errorf("%s: the skipped span would have recorded or injected %v", c.name, hs)
		}
	}
}
