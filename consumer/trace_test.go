package consumer

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/internal/tracing"
	"github.com/triage/triage/internal/tracing/tracingtest"
)

var attr = tracingtest.Attr

const inParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

// memWriter keeps what was written; the topics in refuse fail for good.
type memWriter struct {
	mu     sync.Mutex
	got    []kafka.Message
	refuse string
}

func (w *memWriter) WriteMessages(_ context.Context, msgs ...kafka.Message) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if msgs[0].Topic == w.refuse {
		return kafka.TopicAuthorizationFailed
	}
	w.got = append(w.got, msgs...)
	return nil
}

func tracedPath(h HandlerFunc, w Writer) (*Path, *tracetest.InMemoryExporter) {
	tp, exp := tracingtest.New()
	return &Path{Handler: h, Writer: w, DLQTopic: "dlq", Tracing: tp}, exp
}

func run(t *testing.T, p *Path, m kafka.Message) Decision {
	t.Helper()
	ctx, end := p.Trace(context.Background(), m)
	d, err := p.Decide(ctx, m)
	if err == nil {
		d, err = p.Publish(ctx, m, d, nil)
	}
	end(d, err)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func byName(spans tracetest.SpanStubs) map[string]tracetest.SpanStub {
	out := map[string]tracetest.SpanStub{}
	for _, s := range spans {
		out[s.Name] = s
	}
	return out
}

// An input's traceparent makes the record span its child; the output
// carries the record span's traceparent (same trace, our span as parent)
// and the input's tracestate, and the publish span is the record's child.
func TestTraceContinuesInputTraceOnOutputs(t *testing.T) {
	w := &memWriter{}
	p, exp := tracedPath(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
		return []kafka.Message{{Topic: "out", Value: []byte("ev")}}, nil
	}, w)
	in := kafka.Message{Topic: "in", Partition: 2, Offset: 7, Key: []byte("customer-1"),
		Headers: []kafka.Header{{Key: "traceparent", Value: []byte(inParent)}, {Key: "tracestate", Value: []byte("v=1")}}}
	run(t, p, in)
	spans := byName(exp.GetSpans())
	rec, pub := spans[SpanRecord], spans[SpanPublish]
	if rec.Parent.SpanID().String() != "00f067aa0ba902b7" || rec.SpanContext.TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Fatalf("record span %s parent %s: not a child of the input's traceparent", rec.SpanContext.TraceID(), rec.Parent.SpanID())
	}
	if attr(rec, "messaging.destination.name") != "in" || attr(rec, "messaging.kafka.offset") != "7" || attr(rec, "messaging.destination.partition.id") != "2" {
		t.Errorf("record attributes %v", rec.Attributes)
	}
	if h := attr(rec, AttrKeyHash); len(h) != 16 || strings.Contains(h, "customer") {
		t.Errorf("key hash %q", h)
	}
	if attr(rec, AttrOutcome) != OutcomeEvent || rec.Status.Code == codes.Error {
		t.Errorf("record outcome %q status %v", attr(rec, AttrOutcome), rec.Status)
	}
	if pub.Parent.SpanID() != rec.SpanContext.SpanID() || attr(pub, "messaging.destination.name") != "out" || attr(pub, AttrDeadLetter) != "false" {
		t.Errorf("publish span parent %s attributes %v", pub.Parent.SpanID(), pub.Attributes)
	}
	out := w.got[0].Headers
	c := tracing.Headers{H: &out}
	want := "00-4bf92f3577b34da6a3ce929d0e0e4736-" + rec.SpanContext.SpanID().String() + "-01"
	if c.Get("traceparent") != want || c.Get("tracestate") != "v=1" {
		t.Errorf("output headers %v, want traceparent %s and the tracestate", out, want)
	}
}

// Without a traceparent the record span starts a trace, which the
// outputs carry.
func TestTraceStartsTraceWithoutTraceparent(t *testing.T) {
	w := &memWriter{}
	p, exp := tracedPath(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
		return []kafka.Message{{Topic: "out"}}, nil
	}, w)
	run(t, p, kafka.Message{Topic: "in"})
	rec := byName(exp.GetSpans())[SpanRecord]
	if rec.Parent.IsValid() || !rec.SpanContext.IsValid() {
		t.Fatalf("record span parent %v: want a new root", rec.Parent)
	}
	if attr(rec, AttrKeyHash) != "" {
		t.Errorf("empty key hashed: %q", attr(rec, AttrKeyHash))
	}
	out := w.got[0].Headers
	if got := (tracing.Headers{H: &out}).Get("traceparent"); !strings.Contains(got, rec.SpanContext.TraceID().String()) {
		t.Errorf("output traceparent %q, want trace %s", got, rec.SpanContext.TraceID())
	}
}

// A dead letter (bad input) carries the record's traceparent; the record
// span says why, with status Error, and the publish span says dead letter.
func TestTraceDeadLetter(t *testing.T) {
	w := &memWriter{}
	p, exp := tracedPath(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
		return nil, failure.BadInput(failure.InvalidJSON, errors.New("not json"))
	}, w)
	run(t, p, kafka.Message{Topic: "in", Headers: []kafka.Header{{Key: "traceparent", Value: []byte(inParent)}}})
	spans := byName(exp.GetSpans())
	rec, pub := spans[SpanRecord], spans[SpanPublish]
	if rec.Status.Code != codes.Error || attr(rec, AttrOutcome) != OutcomeDeadLetter || attr(rec, AttrReason) != string(failure.InvalidJSON) {
		t.Errorf("record status %v attributes %v", rec.Status, rec.Attributes)
	}
	if attr(pub, "messaging.destination.name") != "dlq" || attr(pub, AttrDeadLetter) != "true" {
		t.Errorf("publish attributes %v", pub.Attributes)
	}
	dl := w.got[0]
	if got := (tracing.Headers{H: &dl.Headers}).Get("traceparent"); !strings.Contains(got, rec.SpanContext.SpanID().String()) {
		t.Errorf("dead letter traceparent %q, want the record span %s", got, rec.SpanContext.SpanID())
	}
}

// Outputs refused for good become a dead letter, which still carries the
// record's traceparent, once.
func TestTraceRefusedOutputsDeadLetterCarriesTraceparent(t *testing.T) {
	w := &memWriter{refuse: "out"}
	p, exp := tracedPath(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
		return []kafka.Message{{Topic: "out"}}, nil
	}, w)
	d := run(t, p, kafka.Message{Topic: "in"})
	if d.Reason() != failure.PublishRefusal {
		t.Fatalf("reason %q", d.Reason())
	}
	rec := byName(exp.GetSpans())[SpanRecord]
	hs := w.got[0].Headers
	n := 0
	for _, h := range hs {
		if h.Key == "traceparent" {
			n++
			if !strings.Contains(string(h.Value), rec.SpanContext.SpanID().String()) {
				t.Errorf("traceparent %s, want the record span", h.Value)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d traceparent headers on the dead letter, want 1", n)
	}
}

// With no tracer (tracing off) an input's traceparent reaches the outputs
// unchanged, and an input without one gives outputs without one.
func TestTraceOffPropagatesUnchanged(t *testing.T) {
	w := &memWriter{}
	p := &Path{Handler: HandlerFunc(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
		return []kafka.Message{{Topic: "out"}}, nil
	}), Writer: w, DLQTopic: "dlq"}
	run(t, p, kafka.Message{Topic: "in", Headers: []kafka.Header{{Key: "traceparent", Value: []byte(inParent)}}})
	run(t, p, kafka.Message{Topic: "in"})
	with, without := w.got[0].Headers, w.got[1].Headers
	if got := (tracing.Headers{H: &with}).Get("traceparent"); got != inParent {
		t.Errorf("traceparent %q, want the input's %s", got, inParent)
	}
	if len(without) != 0 {
		t.Errorf("headers %v on the output of an untraced input", without)
	}
}
