// Package pipeline wires triage together: it turns a Kafka record into an
// input, asks a processor, wraps the decision in a CloudEvent held to its
// schema (check; the JSON-Schema validator too with events.validate), and
// hands that to the consumer for publishing.
package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel/trace"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/internal/redact"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode"
	"github.com/triage/triage/schemas"
)

// Route says what happens to records of one input topic.
type Route struct {
	Kind   processors.Kind
	Spec   processors.Spec
	Output string // output topic
}

// Handler implements consumer.Handler for triage. It is safe for concurrent
// use; it holds no per-record state.
type Handler struct {
	Routes  map[string]Route // by input topic
	Decoder *decode.Decoder
	// Schemas and Validate: with Validate, every event is also checked
	// against its JSON Schema before it is published (config
	// events.validate); check holds every event to the schemas anyway.
	Schemas  *schemas.Set
	Validate bool
	Source   string           // CloudEvents source
	Now      func() time.Time // defaults to time.Now
	// Log gets one debug line per decision, with the LLM prompt and answer
	// clipped to LogTextMax bytes and, unless Raw, PII-redacted.
	Log        *slog.Logger
	LogTextMax int
	Raw        bool
	// ReplayID, when set, marks every event as replayed by that run:
	// CloudEvents extension triagereplay and Kafka header triage-replay.
	ReplayID string
	// Mode is how events are laid out in records (config events.mode);
	// empty is Structured.
	Mode Mode
	// Tracing makes the decode span (nil: none).
	Tracing trace.TracerProvider
	// Review, when set, flags uncertain decisions (data.review) and
	// publishes a review task for each with the event (review.go).
	Review *ReviewPolicy
	// Corrections, when set, handles the records of its topic: people's
	// verdicts on decisions (correct.go).
	Corrections *Corrections
}

// HeaderReplay is the Kafka header carrying the replay run id.
const HeaderReplay = "triage-replay"

// Handle decodes m, decides it and returns the output event. Errors are
// classified by internal/failure: bad input and invalid output are
// dead-lettered by the consumer, cancellation leaves m for redelivery.
func (h *Handler) Handle(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
	if c := h.Corrections; c != nil && m.Topic == c.Topic {
		return h.correct(ctx, m)
	}
	rt, ok := h.Routes[m.Topic]
	if !ok {
		return nil, failure.BadInput(failure.UnknownTopic, fmt.Errorf("pipeline: no processor for topic %q", m.Topic))
	}
	in, err := h.decode(ctx, rt.Kind, m.Value)
	if err != nil {
		return nil, err
	}
	out, err := rt.Spec.Processor.Process(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %s: %w", rt.Spec.Name, err)
	}
	ev, err := h.event(ctx, rt, m, in, out)
	if err != nil {
		return nil, err
	}
	h.logDecision(ctx, rt, m, in, out)
	key := m.Key
	if len(key) == 0 {
		key = []byte(in.ID)
	}
	// Structured records carry no ce_ header: SDKs that see one read the
	// record in binary mode (the Python SDK's from_kafka does).
	value, headers, err := h.Mode.encode(&ev)
	if err != nil {
		return nil, failure.BadInput(failure.InvalidOutput, err)
	}
	if h.Validate {
		if err := h.validate(rt, &ev, value); err != nil {
			return nil, err
		}
	}
	if h.ReplayID != "" {
		headers = append(headers, kafka.Header{Key: HeaderReplay, Value: []byte(h.ReplayID)})
	}
	outs := []kafka.Message{{Topic: rt.Output, Key: key, Value: value, Headers: headers}}
	if ev.Data.Review != nil {
		task, err := h.task(&ev, in, m.Value, out, key)
		if err != nil {
			return nil, err
		}
		outs = append(outs, task)
	}
	return outs, nil
}

// event builds the CloudEvent and checks it against the output schema
// (check); an event that fails is never published (reason invalid_output).
func (h *Handler) event(ctx context.Context, rt Route, m kafka.Message, in processors.Input, out processors.Output) (CloudEvent, error) {
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	ref := InputRef{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset, ID: in.ID, Key: string(m.Key)}
	if !m.Time.IsZero() {
		ts := m.Time.UTC()
		ref.Timestamp = &ts
	}
	ev := CloudEvent{
		SpecVersion:     "1.0",
		ID:              EventID(m.Topic, m.Partition, m.Offset, rt.Spec.Name, rt.Spec.Version),
		Source:          h.Source,
		Type:            rt.Spec.EventType,
		Time:            now().UTC(),
		Subject:         in.ID,
		DataContentType: "application/json",
		DataSchema:      schemas.URL(rt.Spec.Schema),
		Data:            EventData{Decision: out.Decision, Input: ref, Processor: ProcessorRef{rt.Spec.Name, rt.Spec.Version}, Provenance: out.Provenance},
		Replay:          h.ReplayID,
	}
	if in.IDKey != "" {
		ev.ID = KeyedEventID(in.IDKey, rt.Spec.Name, rt.Spec.Version)
	}
	if in.Kind == processors.KindEmail {
		ev.Data.Thread, ev.Data.Cleaning = in.Thread, in.Cleaning
	}
	if rs := h.Review.Reasons(rt.Spec.Name, out); len(rs) > 0 {
		ev.Data.Review = &ReviewFlag{Required: true, Reasons: rs}
		if h.Review.Observe != nil {
			for _, r := range rs {
				h.Review.Observe(rt.Spec.Name, r)
			}
		}
	}
	if earlier := supersedesFrom(ctx); earlier != "" {
		decision, _ := json.Marshal(out.Decision)
		ev.ID, ev.Supersedes = SupersedingEventID(earlier, rt.Spec.Name, rt.Spec.Version, decision), earlier
	}
	if err := check(rt.Spec.Schema, &ev); err != nil {
		return CloudEvent{}, failure.BadInput(failure.InvalidOutput, fmt.Errorf("pipeline: %s produced an invalid event: %s: %w", rt.Spec.Name, rt.Spec.Schema, err))
	}
	return ev, nil
}

// validate runs the JSON-Schema validator on the event (events.validate):
// value is the record value Mode.encode made of ev, the whole event in
// structured mode; in binary mode the event is encoded once more.
func (h *Handler) validate(rt Route, ev *CloudEvent, value []byte) error {
	if h.Mode == Binary {
		var err error
		c := *ev // a copy: ev itself stays off the heap
		if value, err = json.Marshal(&c); err != nil {
			return failure.BadInput(failure.InvalidOutput, fmt.Errorf("pipeline: encode event: %w", err))
		}
	}
	if err := h.Schemas.ValidateJSON(rt.Spec.Schema, value); err != nil {
		return failure.BadInput(failure.InvalidOutput, fmt.Errorf("pipeline: %s produced an invalid event: %w", rt.Spec.Name, err))
	}
	return nil
}

// logDecision writes the debug line of one decision. Customer text is
// redacted (emails, phones, cards, IBANs) and clipped unless h.Raw.
func (h *Handler) logDecision(ctx context.Context, rt Route, m kafka.Message, in processors.Input, out processors.Output) {
	if h.Log == nil || !h.Log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	clean := func(s string) string {
		if !h.Raw {
			s = redact.Text(s)
		}
		return redact.Clip(s, h.LogTextMax)
	}
	decision, _ := json.Marshal(out.Decision)
	pv := out.Provenance
	attrs := []any{"processor", rt.Spec.Name, "id", in.ID, "topic", m.Topic, "partition", m.Partition, "offset", m.Offset,
		"source", pv.Source, "fallback_reason", pv.FallbackReason, "decision", clean(string(decision))}
	if pv.Model != "" {
		attrs = append(attrs, "model", pv.Model, "prompt_version", pv.PromptVersion, "latency_ms", pv.LatencyMS,
			"prompt_tokens", pv.PromptTokens, "completion_tokens", pv.CompletionTokens, "cost_usd", pv.CostUSD)
	}
	if x := out.Exchange; x != nil {
		attrs = append(attrs, "prompt", clean(x.Prompt), "response", clean(x.Response))
	}
	h.Log.DebugContext(ctx, "decision", attrs...)
}
