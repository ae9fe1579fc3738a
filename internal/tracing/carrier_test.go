package tracing

import (
	"context"
	"slices"
	"testing"

	"github.com/segmentio/kafka-go"
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
