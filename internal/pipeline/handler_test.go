package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode"
	"github.com/triage/triage/schemas"
)

const ticketJSON = `{"ticket_id":"T-1","subject":"Charged twice","body":"I was billed twice.","channel":"web","customer":{"id":"C-1","email":"a@example.com"},"created_at":"2026-11-27T10:00:00Z"}`

func newHandler(t *testing.T, p processors.Processor) *Handler {
	t.Helper()
	sch, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	return &Handler{
		Routes: map[string]Route{"in.tickets": {Kind: processors.KindTicket, Output: "out.routed", Spec: processors.Spec{
			Name: "route", Version: "v1", EventType: TypeRouted, Schema: schemas.TicketRouted, Processor: p}}},
		Decoder:  &decode.Decoder{MaxBytes: 4096},
		Schemas:  sch,
		Validate: true,
		Source:   "triage-test",
		Now:      func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) },
	}
}

func route(queue string) processors.Processor {
	return processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
		c := 0.9
		return processors.Output{Decision: &processors.Route{Queue: queue},
			Provenance: processors.Provenance{Source: processors.SourceRules, EngineVersion: "rules-x", Confidence: &c}}, nil
	})
}

func TestHandleBuildsValidDeterministicEvent(t *testing.T) {
	h := newHandler(t, route("billing"))
	m := kafka.Message{Topic: "in.tickets", Partition: 2, Offset: 41, Key: []byte("C-1"), Value: []byte(ticketJSON)}
	outs, err := h.Handle(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 1 || outs[0].Topic != "out.routed" || string(outs[0].Key) != "C-1" {
		t.Fatalf("outs = %+v", outs)
	}
	var ev CloudEvent
	if err := json.Unmarshal(outs[0].Value, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.ID != EventID("in.tickets", 2, 41, "route", "v1") || ev.Subject != "T-1" || ev.Type != TypeRouted ||
		ev.Data.Input.Offset != 41 || ev.Data.Processor.Version != "v1" || ev.DataSchema != schemas.URL(schemas.TicketRouted) {
		t.Errorf("event = %+v", ev)
	}
	again, _ := h.Handle(context.Background(), m)
	if string(again[0].Value) != string(outs[0].Value) {
		t.Error("same record, same processor version: event differs")
	}
}

func TestEventID(t *testing.T) {
	base := EventID("t", 0, 1, "route", "v1")
	for name, other := range map[string]string{
		"offset":    EventID("t", 0, 2, "route", "v1"),
		"partition": EventID("t", 1, 1, "route", "v1"),
		"topic":     EventID("u", 0, 1, "route", "v1"),
		"processor": EventID("t", 0, 1, "extract", "v1"),
		"version":   EventID("t", 0, 1, "route", "v2"),
		"ambiguous": EventID("t0", 0, 1, "route", "v1"),
	} {
		if other == base {
			t.Errorf("changing %s kept the id", name)
		}
	}
	if len(base) != 32 || base != EventID("t", 0, 1, "route", "v1") {
		t.Errorf("id %q not stable 32 hex chars", base)
	}
}

// TestEventIDIsFixed pins ids as the streaming SHA-256 of the first
// release computed them (names past the stack buffer included): the ids of
// events already published must not change.
func TestEventIDIsFixed(t *testing.T) {
	long := strings.Repeat("t", 249)
	for _, c := range [][2]string{
		{EventID("triage.inbound.tickets", 5, 123456789, "route", "rules-2026.11+cal-3"), "2ef92e3c7d163740f0bff20f73c57df3"},
		{EventID(long, -1, -2, "route", strings.Repeat("v", 100)), "05978a505dbd4e7524bf3e42c1dbc924"},
		{KeyedEventID("msgid:<a1@x.example>", "extract", "v1"), "5eaf08e51ba82d5f8470eb9b5a3da370"},
		{KeyedEventID("msgid:"+strings.Repeat("m", 998), "extract", "v1"), "94a85d51376e98149bf4530d4ca1cece"},
	} {
		if got, want := c[0], c[1]; got != want {
			t.Errorf("id %s, want %s", got, want)
		}
	}
}

func TestHandleErrorsClassify(t *testing.T) {
	tests := []struct {
		name  string
		topic string
		value string
		proc  processors.Processor
		want  failure.Reason
	}{
		{"unknown topic", "nope", ticketJSON, route("billing"), failure.UnknownTopic},
		{"bad json", "in.tickets", `{"ticket_id":`, route("billing"), failure.InvalidJSON},
		{"schema", "in.tickets", `{"ticket_id":"T"}`, route("billing"), failure.SchemaViolation},
		{"too large", "in.tickets", string(make([]byte, 5000)), route("billing"), failure.TooLarge},
		{"invalid output never published", "in.tickets", ticketJSON, route(""), failure.InvalidOutput},
		{"processor error", "in.tickets", ticketJSON, processors.Func(func(context.Context, processors.Input) (processors.Output, error) {
			return processors.Output{}, errors.New("rules exploded")
		}), failure.ProcessorError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHandler(t, tt.proc)
			outs, err := h.Handle(context.Background(), kafka.Message{Topic: tt.topic, Value: []byte(tt.value)})
			if got := failure.Classify(err); got != tt.want || outs != nil {
				t.Fatalf("reason = %q (err %v), want %q; outs %v", got, err, tt.want, outs)
			}
		})
	}
}

// One debug line per decision, with the LLM exchange redacted and clipped.
func TestDecisionLogRedactsAndClips(t *testing.T) {
	var buf bytes.Buffer
	p := processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
		c := 0.9
		return processors.Output{Decision: &processors.Route{Queue: "billing"},
			Provenance: processors.Provenance{Source: "llm", EngineVersion: "llm-x", Model: "m", PromptVersion: "route-v1-x", Confidence: &c},
			Exchange:   &processors.Exchange{Prompt: "from jane@example.com, call +1 555 123 4567, card 4111 1111 1111 1111 " + strings.Repeat("x", 500), Response: `{"queue":"billing"}`}}, nil
	})
	h := newHandler(t, p)
	h.Log = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h.LogTextMax = 200
	if _, err := h.Handle(context.Background(), kafka.Message{Topic: "in.tickets", Value: []byte(ticketJSON)}); err != nil {
		t.Fatal(err)
	}
	line := buf.String()
	if strings.Count(line, "\n") != 1 || !strings.Contains(line, `"msg":"decision"`) {
		t.Fatalf("want one decision line, got %q", line)
	}
	for _, leak := range []string{"jane@example.com", "555 123 4567", "4111 1111"} {
		if strings.Contains(line, leak) {
			t.Errorf("log leaks %q: %s", leak, line)
		}
	}
	for _, want := range []string{"[EMAIL]", "[PHONE]", "[CARD]", "…[truncated]", `"fallback_reason":""`, `"model":"m"`} {
		if !strings.Contains(line, want) {
			t.Errorf("log lacks %q: %s", want, line)
		}
	}
	buf.Reset()
	h.Log = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	_, _ = h.Handle(context.Background(), kafka.Message{Topic: "in.tickets", Value: []byte(ticketJSON)})
	if buf.Len() != 0 {
		t.Errorf("decision logged above debug: %s", buf.String())
	}
}
