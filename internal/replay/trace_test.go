package replay_test

import (
	"strings"
	"testing"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/replay"
	"github.com/triage/triage/internal/tracing"
	"github.com/triage/triage/internal/tracing/tracingtest"
)

// A replayed record gets the live service's record and publish spans, a
// child of its traceparent, and its event carries the record span's.
func TestIntegrationReplayTracesLikeTheService(t *testing.T) {
	e := newEnv(t, 1, nil)
	tickets, _ := e.samples(t, 1)
	tickets[0].Headers = []kafka.Header{{Key: "traceparent", Value: []byte("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")}}
	e.b.Produce(t, tickets...)
	tp, exp := tracingtest.New()
	e.run(t, e.build(t), "run-trace", replay.Window{Topics: []string{e.cfg.Topics.Tickets}}, func(c *replay.Config) {
		c.Tracing = tp
	})
	var rec tracetest.SpanStub
	names := map[string]bool{}
	for _, s := range exp.GetSpans() {
		names[s.Name] = true
		if s.Name == consumer.SpanRecord {
			rec = s
		}
	}
	if !names[consumer.SpanRecord] || !names[consumer.SpanPublish] || rec.Parent.SpanID().String() != "00f067aa0ba902b7" {
		t.Fatalf("spans %v, record parent %s: want record and publish under the input's span", names, rec.Parent.SpanID())
	}
	outs := e.b.ReadAll(t, e.cfg.Topics.Routed)
	if len(outs) != 1 {
		t.Fatalf("%d events, want 1", len(outs))
	}
	want := "00-4bf92f3577b34da6a3ce929d0e0e4736-" + rec.SpanContext.SpanID().String()
	if got := (tracing.Headers{H: &outs[0].Headers}).Get("traceparent"); !strings.HasPrefix(got, want) {
		t.Errorf("event traceparent %q, want %s-01", got, want)
	}
}
