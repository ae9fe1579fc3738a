package consumer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/triage/triage/internal/tracing"
)

// Span names and attributes of the record and publish spans.
const (
	SpanRecord  = "triage.record"
	SpanPublish = "publish"

	AttrKeyHash    = "triage.key_sha256"          // first 8 bytes of SHA-256 of the Kafka key, hex; the key itself is never recorded
	AttrOutcome    = "triage.outcome"             // OutcomeEvent, OutcomeDeadLetter or OutcomeAbandoned
	AttrReason     = "triage.dead_letter.reason"  // failure.Reason of a dead letter
	AttrDeadLetter = "triage.dead_letter"         // publish: the outputs are a dead letter
	attrDest       = "messaging.destination.name" // the topic read (record) or written (publish)
)

// Values of AttrOutcome.
const (
	OutcomeEvent      = "event"
	OutcomeDeadLetter = "dead_letter"
	OutcomeAbandoned  = "abandoned" // not published nor committed: redelivered later
)

// Trace starts m's span, triage.record: a child of the W3C traceparent in
// m's headers, or the root of a new trace. Pass the returned ctx to Decide
// and Publish: the decision's spans are its children, and every output
// (event or dead letter) carries its traceparent and tracestate. Call end
// once, with the last Decide or Publish result; it records the record's
// outcome (an abandoned or dead-lettered record has status Error).
func (p *Path) Trace(ctx context.Context, m kafka.Message) (_ context.Context, end func(Decision, error)) {
	ctx = tracing.Extract(ctx, m.Headers)
	tr := p.tracer()
	if tracing.Idle(tr, ctx) {
		return ctx, untraced // no span, none to carry on
	}
	opts := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindConsumer)}
	if p.Tracing != nil { // the no-op tracer of a nil provider reads no attribute: not worth a SHA-256
		opts = append(opts, trace.WithAttributes(attribute.String("messaging.system", "kafka"), attribute.String(attrDest, m.Topic),
			attribute.String("messaging.destination.partition.id", strconv.Itoa(m.Partition)),
			attribute.Int64("messaging.kafka.offset", m.Offset), attribute.String(AttrKeyHash, keyHash(m.Key))))
	}
	ctx, sp := tr.Start(ctx, SpanRecord, opts...)
	return ctx, func(d Decision, err error) {
		switch {
		case err != nil:
			sp.SetAttributes(attribute.String(AttrOutcome, OutcomeAbandoned))
		case d.Cause != nil:
			sp.SetAttributes(attribute.String(AttrOutcome, OutcomeDeadLetter), attribute.String(AttrReason, string(d.Reason())))
			sp.RecordError(d.Cause)
			sp.SetStatus(codes.Error, string(d.Reason()))
		default:
			sp.SetAttributes(attribute.String(AttrOutcome, OutcomeEvent))
		}
		tracing.End(sp, err)
	}
}

// publishSpan starts the publish span under the record span in ctx and
// returns the record span's trace headers for the outputs; end records
// where the outputs went.
func (p *Path) publishSpan(ctx context.Context) (_ context.Context, headers []kafka.Header, end func(Decision, error)) {
	tr := p.tracer()
	if tracing.Idle(tr, ctx) {
		return ctx, nil, untraced // nothing to inject either
	}
	return p.startPublish(ctx, tr)
}

// startPublish is publishSpan's traced case.
func (p *Path) startPublish(ctx context.Context, tr trace.Tracer) (_ context.Context, headers []kafka.Header, end func(Decision, error)) {
	tracing.Inject(ctx, &headers)
	ctx, sp := tr.Start(ctx, SpanPublish, trace.WithSpanKind(trace.SpanKindProducer),
		trace.WithAttributes(attribute.String("messaging.system", "kafka")))
	return ctx, headers, func(d Decision, err error) {
		if len(d.Outputs) > 0 {
			sp.SetAttributes(attribute.String(attrDest, d.Outputs[0].Topic), attribute.Bool(AttrDeadLetter, d.Cause != nil),
				attribute.Int("messaging.batch.message_count", len(d.Outputs)))
		}
		tracing.End(sp, err)
	}
}

// untraced is the end of a span not started (tracing.Idle).
func untraced(Decision, error) {}

// stamp sets the trace headers hs on every message, replacing earlier ones.
func stamp(msgs []kafka.Message, hs []kafka.Header) {
	for i := range msgs {
		c := tracing.Headers{H: &msgs[i].Headers}
		for _, h := range hs {
			c.Set(h.Key, string(h.Value))
		}
	}
}

func keyHash(key []byte) string {
	if len(key) == 0 {
		return ""
	}
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:8])
}

func (p *Path) tracer() trace.Tracer { return tracing.Tracer(p.Tracing) }
