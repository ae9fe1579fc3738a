package pipeline_test

import (
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/internal/tracing"
	"github.com/triage/triage/internal/tracing/tracingtest"
)

const inParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

// Through the broker and the runner: a ticket with a traceparent yields an
// event in the same trace whose parent is our record span (a child of the
// input's span); a ticket without one yields an event in a new trace.
func TestIntegrationTraceparentCarriedToOutputs(t *testing.T) {
	w := newWorld(t, 1)
	w.b.Produce(t,
		kafka.Message{Topic: w.cfg.Topics.Tickets, Key: []byte("traced"), Value: []byte(ticket),
			Headers: []kafka.Header{{Key: "traceparent", Value: []byte(inParent)}}},
		kafka.Message{Topic: w.cfg.Topics.Tickets, Key: []byte("untraced"), Value: []byte(ticket)})
	tp, exp := tracingtest.New()
	w.runUntilHooks(t, 2, pipeline.Hooks{Tracing: tp})
	outs := w.b.ReadN(t, w.cfg.Topics.Routed, 2, 30*time.Second)

	records := map[string]tracetest.SpanStub{} // by span id
	for _, s := range exp.GetSpans() {
		if s.Name == consumer.SpanRecord {
			records[s.SpanContext.SpanID().String()] = s
		}
	}
	seen := map[string]bool{}
	for _, out := range outs {
		seen[string(out.Key)] = true
		tp := (tracing.Headers{H: &out.Headers}).Get("traceparent")
		parts := strings.Split(tp, "-")
		if len(parts) != 4 {
			t.Fatalf("output %s has traceparent %q", out.Key, tp)
		}
		rec, ok := records[parts[2]]
		if !ok {
			t.Fatalf("output %s: parent span %s is none of our record spans", out.Key, parts[2])
		}
		switch string(out.Key) {
		case "traced":
			if parts[1] != "4bf92f3577b34da6a3ce929d0e0e4736" || rec.Parent.SpanID().String() != "00f067aa0ba902b7" {
				t.Errorf("traced output %q (record parent %s): want the input's trace, under its span", tp, rec.Parent.SpanID())
			}
		case "untraced":
			if parts[1] == "4bf92f3577b34da6a3ce929d0e0e4736" || rec.Parent.IsValid() {
				t.Errorf("untraced output %q: want a new trace rooted at the record span", tp)
			}
		}
	}
	if !seen["traced"] || !seen["untraced"] {
		t.Errorf("outputs for %v, want traced and untraced", seen)
	}
}
