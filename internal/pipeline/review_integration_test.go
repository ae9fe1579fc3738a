package pipeline_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
)

// reviewWorld is newWorld with review on: its two topics, a labels file.
func reviewWorld(t *testing.T) *world {
	w := newWorld(t, 2)
	w.cfg.Topics.Review = w.b.Topic(t, "p.review", 2)
	w.cfg.Topics.Corrections = w.b.Topic(t, "p.corrections", 2)
	w.cfg.Review.Enabled = true
	w.cfg.Review.LabelsFile = filepath.Join(t.TempDir(), "labels.jsonl")
	// Calibrated, the rules' least confidence (no evidence, fallback) is
	// about 0.74 (processors/calib/tables/rules-route.json): review below 0.8.
	w.cfg.Review.RouteMinConfidence = 0.8
	return w
}

// start runs a pipeline until the test ends.
func (w *world) start(t *testing.T) {
	t.Helper()
	p, err := pipeline.Build(w.cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		_ = p.Close()
	})
}

type routedEvent struct {
	ID         string `json:"id"`
	Supersedes string `json:"supersedes"`
	Data       struct {
		Decision   processors.Route      `json:"decision"`
		Provenance processors.Provenance `json:"provenance"`
		Review     *pipeline.ReviewFlag  `json:"review"`
	} `json:"data"`
}

// unsureTicket has no evidence for any queue: the rules fall back with
// confidence 0.
const unsureTicket = `{"ticket_id":"T-77","subject":"Hello","body":"Hello, is anyone there at the moment?","channel":"web","customer":{"id":"C-7"},"created_at":"2026-11-27T10:00:00Z"}`

// The loop against the broker: a low-confidence decision produces a review
// task; a correction publishes the superseding event, and the same input
// sent again is decided as corrected by a person's answer; the labelled
// example is in the eval format; an invalid correction is dead-lettered.
func TestIntegrationReviewAndCorrections(t *testing.T) {
	w := reviewWorld(t)
	w.start(t)
	w.b.Produce(t, kafka.Message{Topic: w.cfg.Topics.Tickets, Key: []byte("C-7"), Value: []byte(unsureTicket)})
	tasks := w.b.ReadN(t, w.cfg.Topics.Review, 1, 60*time.Second)
	var task struct {
		ID   string
		Data pipeline.TaskData
	}
	if err := json.Unmarshal(tasks[0].Value, &task); err != nil {
		t.Fatal(err)
	}
	first := w.b.ReadN(t, w.cfg.Topics.Routed, 1, 60*time.Second)
	var ev routedEvent
	if err := json.Unmarshal(first[0].Value, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Data.Review == nil || task.Data.EventID != ev.ID || string(task.Data.InputEvent) != unsureTicket {
		t.Fatalf("event %+v, task %+v", ev, task.Data)
	}
	c, _ := json.Marshal(pipeline.Correction{EventID: task.Data.EventID, TaskID: task.ID, Processor: "route", Verdict: pipeline.VerdictCorrect,
		Decision: json.RawMessage(`{"queue":"billing"}`), By: "sam@example.com", At: time.Now().UTC(), Input: task.Data.Input, InputEvent: task.Data.InputEvent})
	w.b.Produce(t, kafka.Message{Topic: w.cfg.Topics.Corrections, Key: []byte(task.ID), Value: c},
		kafka.Message{Topic: w.cfg.Topics.Corrections, Value: []byte(`{"event_id":"nope"}`)})
	routed := w.b.ReadN(t, w.cfg.Topics.Routed, 2, 60*time.Second)
	var sup routedEvent
	if err := json.Unmarshal(routed[1].Value, &sup); err != nil {
		t.Fatal(err)
	}
	if sup.Supersedes != ev.ID || sup.Data.Provenance.Source != processors.SourceHuman || sup.Data.Decision.Queue != "billing" {
		t.Fatalf("superseding event %+v", sup)
	}
	dead := w.b.ReadN(t, w.cfg.Topics.DLQ, 1, 60*time.Second)
	if r := header(dead[0], consumer.HeaderDLQReason); r != "invalid_correction" {
		t.Errorf("invalid correction dead-lettered as %q", r)
	}
	// The same ticket again: decided as corrected, by the person's answer.
	w.b.Produce(t, kafka.Message{Topic: w.cfg.Topics.Tickets, Key: []byte("C-7"), Value: []byte(unsureTicket)})
	routed = w.b.ReadN(t, w.cfg.Topics.Routed, 3, 60*time.Second)
	var again routedEvent
	if err := json.Unmarshal(routed[2].Value, &again); err != nil {
		t.Fatal(err)
	}
	if again.Data.Provenance.Source != processors.SourceHuman || again.Data.Decision.Queue != "billing" || again.Data.Review != nil {
		t.Errorf("same input after the correction: %+v", again.Data)
	}
	recs, err := eval.LoadRoutes(w.cfg.Review.LabelsFile)
	if err != nil || len(recs) != 1 || recs[0].Gold.Queue != "billing" || recs[0].In.ID != "T-77" {
		t.Errorf("labels: %+v %v", recs, err)
	}
}

func header(m kafka.Message, k string) string {
	for _, h := range m.Headers {
		if h.Key == k {
			return string(h.Value)
		}
	}
	return ""
}
