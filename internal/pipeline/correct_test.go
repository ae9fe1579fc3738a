package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/schemas"
)

// correctionHandler is newHandler with review and corrections on, people's
// answers in store and labels in a temporary file.
func correctionHandler(t *testing.T, p processors.Processor, store processors.Store) (*Handler, string) {
	t.Helper()
	h := newHandler(t, p)
	labels := filepath.Join(t.TempDir(), "labels.jsonl")
	l, err := OpenLabels(labels)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	h.Review = &ReviewPolicy{Topic: "review", MinConfidence: map[string]float64{"route": 0.5}}
	h.Corrections = &Corrections{Topic: "corrections", Queues: []string{"billing", "shipping", "other"}, Store: store, Labels: l}
	return h, labels
}

func correction(queue string, edit func(map[string]any)) []byte {
	c := map[string]any{"event_id": strings.Repeat("ab", 16), "processor": "route", "verdict": "correct",
		"decision": map[string]any{"queue": queue}, "by": "sam@example.com", "at": "2026-11-28T10:00:00Z",
		"input":       map[string]any{"topic": "in.tickets", "partition": 1, "offset": 7, "id": "T-1", "key": "C-1"},
		"input_event": json.RawMessage(ticketJSON)}
	if edit != nil {
		edit(c)
	}
	v, _ := json.Marshal(c)
	return v
}

// A correction publishes an event superseding the corrected one (source
// human, valid, same bytes on redelivery), stores the answer so that the
// same text is decided as corrected without the engine, and appends one
// labelled example that triage eval reads.
func TestCorrectionSupersedesStoresAndLabels(t *testing.T) {
	store := processors.NewMemoryStore(10)
	calls := 0
	engine := processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
		calls++
		return unsure("billing", 0.1).Process(ctx, in)
	})
	human := processors.Human(store, processors.HumanOptions{Key: func(in processors.Input) string { return processors.HumanKey("route", in) }})
	h, labels := correctionHandler(t, processors.Chain(engine, human), store)
	m := kafka.Message{Topic: "corrections", Partition: 0, Offset: 3, Value: correction("shipping", nil)}
	outs, err := h.Handle(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 1 || outs[0].Topic != "out.routed" || string(outs[0].Key) != "C-1" {
		t.Fatalf("outputs %+v", outs)
	}
	if err := h.Schemas.ValidateJSON(schemas.TicketRouted, outs[0].Value); err != nil {
		t.Fatal(err)
	}
	var ev CloudEvent
	var dec processors.Route
	ev.Data.Decision = &dec
	if err := json.Unmarshal(outs[0].Value, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Supersedes != strings.Repeat("ab", 16) || ev.Data.Provenance.Source != processors.SourceHuman || dec.Queue != "shipping" ||
		ev.Data.Input.Offset != 7 || ev.Data.Review != nil || !ev.Time.Equal(time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)) {
		t.Fatalf("superseding event %+v", ev)
	}
	again, err := h.Handle(context.Background(), kafka.Message{Topic: "corrections", Partition: 0, Offset: 9, Value: m.Value})
	if err != nil || string(again[0].Value) != string(outs[0].Value) {
		t.Fatalf("redelivered correction: %v, same event %v", err, err == nil && string(again[0].Value) == string(outs[0].Value))
	}
	// The same ticket again, at another offset: the person's answer.
	outs, err = h.Handle(context.Background(), kafka.Message{Topic: "in.tickets", Offset: 99, Value: []byte(ticketJSON)})
	if err != nil {
		t.Fatal(err)
	}
	dec = processors.Route{}
	ev = CloudEvent{}
	ev.Data.Decision = &dec
	_ = json.Unmarshal(outs[0].Value, &ev)
	if calls != 0 || dec.Queue != "shipping" || ev.Data.Provenance.Source != processors.SourceHuman || len(outs) != 1 {
		t.Errorf("same input after the correction: %s by %s, engine calls %d, %d outputs", dec.Queue, ev.Data.Provenance.Source, calls, len(outs))
	}
	data, err := os.ReadFile(labels)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n != 1 {
		t.Fatalf("%d labelled lines after a redelivery, want 1:\n%s", n, data)
	}
	recs, err := eval.LoadRoutes(labels)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Gold.Queue != "shipping" || recs[0].In.ID != "T-1" {
		t.Errorf("eval reads %+v", recs)
	}
}

// Every way a correction can be wrong dead-letters it as
// invalid_correction.
func TestInvalidCorrectionsAreDeadLettered(t *testing.T) {
	h, _ := correctionHandler(t, route("billing"), processors.NewMemoryStore(10))
	for name, v := range map[string][]byte{
		"not JSON":          []byte("{"),
		"no verdict":        correction("billing", func(c map[string]any) { delete(c, "verdict") }),
		"unknown key":       correction("billing", func(c map[string]any) { c["x"] = 1 }),
		"bad event id":      correction("billing", func(c map[string]any) { c["event_id"] = "E-1" }),
		"queue not set up":  correction("nowhere", nil),
		"order for a route": correction("billing", func(c map[string]any) { c["decision"] = map[string]any{"is_order": false, "items": []any{}} }),
		"other processor":   correction("billing", func(c map[string]any) { c["processor"] = "extract" }),
		"unknown topic":     correction("billing", func(c map[string]any) { c["input"].(map[string]any)["topic"] = "elsewhere" }),
		"input not a ticket": correction("billing", func(c map[string]any) {
			c["input_event"] = map[string]any{"ticket_id": "T-1"}
		}),
		"input of another ticket": correction("billing", func(c map[string]any) { c["input"].(map[string]any)["id"] = "T-2" }),
	} {
		_, err := h.Handle(context.Background(), kafka.Message{Topic: "corrections", Value: v})
		if got := failure.Classify(err); got != failure.InvalidCorrection {
			t.Errorf("%s: reason %q (%v), want invalid_correction", name, got, err)
		}
	}
}

// An accepted decision without its input is published, stored nowhere.
func TestAcceptWithoutInput(t *testing.T) {
	store := processors.NewMemoryStore(10)
	h, labels := correctionHandler(t, route("billing"), store)
	v := correction("billing", func(c map[string]any) { c["verdict"] = "accept"; delete(c, "input_event") })
	outs, err := h.Handle(context.Background(), kafka.Message{Topic: "corrections", Value: v})
	if err != nil || len(outs) != 1 {
		t.Fatalf("%d outputs, %v", len(outs), err)
	}
	if data, _ := os.ReadFile(labels); len(data) != 0 || store.Len() != 0 {
		t.Errorf("labelled %q, stored %d", data, store.Len())
	}
}

func TestLabelsSkipLinesAlreadyThere(t *testing.T) {
	p := filepath.Join(t.TempDir(), "l.jsonl")
	if err := os.WriteFile(p, []byte("{\"a\":1}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := OpenLabels(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{`{"a":1}`, `{"b":2}`, `{"b":2}`} {
		if err := l.Append([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	_ = l.Close()
	if data, _ := os.ReadFile(p); string(data) != "{\"a\":1}\n{\"b\":2}\n" {
		t.Errorf("file %q", data)
	}
}
