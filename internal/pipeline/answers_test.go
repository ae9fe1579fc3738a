package pipeline_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/llmsim"
)

// corrected is the id of the event correctionOf corrects.
const corrected = "0123456789abcdef0123456789abcdef"

// correctionOf is a person's "billing" verdict on the ticket at
// topic[0]@0, carrying the input event.
func correctionOf(t *testing.T, topic, ticket string) kafka.Message {
	t.Helper()
	c, err := json.Marshal(pipeline.Correction{EventID: corrected, Processor: "route", Verdict: pipeline.VerdictCorrect,
		Decision: json.RawMessage(`{"queue":"billing"}`), By: "sam@example.com", At: time.Now().UTC(),
		Input: pipeline.InputRef{Topic: topic, ID: "T-77", Key: "C-7"}, InputEvent: json.RawMessage(ticket)})
	if err != nil {
		t.Fatal(err)
	}
	return kafka.Message{Key: []byte(corrected), Value: c}
}

// A process that starts after a correction was handled (by another
// replica, or by itself before a restart) knows the person's answer: the
// same input is decided as corrected, with no LLM call. The first pipeline
// handles the correction as the group's member; the second, with the same
// group (so the correction is committed and never redelivered to it) and a
// fresh memory store, learns it only by following the corrections topic.
func TestAnswersFollowTheCorrectionsTopic(t *testing.T) {
	sim, url := fakeLLM(t, llmsim.Config{})
	w := reviewWorld(t)
	w.cfg.LLM.BaseURL, w.cfg.LLM.Model = url, "sim-model"
	m := correctionOf(t, w.cfg.Topics.Tickets, unsureTicket)
	m.Topic = w.cfg.Topics.Corrections
	w.b.Produce(t, m)

	first := w.build(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- first.Run(ctx) }()
	if len(w.b.ReadN(t, w.cfg.Topics.Routed, 1, 60*time.Second)) != 1 {
		t.Fatal("no superseding event")
	}
	// Wait for the commit of the correction, then stop the first instance.
	for deadline := time.Now().Add(60 * time.Second); first.Runner.Stats().Commits == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the correction was never committed")
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	_ = first.Close()

	second := w.build(t)
	if second.Answers == nil {
		t.Fatal("review.enabled with a memory cache: no answers follower")
	}
	before := sim.Stats().Requests
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	done = make(chan error, 1)
	go func() { done <- second.Run(ctx) }()
	w.b.Produce(t, kafka.Message{Topic: w.cfg.Topics.Tickets, Key: []byte("C-7"), Value: []byte(unsureTicket)})
	routed := w.b.ReadN(t, w.cfg.Topics.Routed, 2, 60*time.Second)
	if len(routed) != 2 {
		t.Fatalf("%d routed events, want the superseding one and the ticket's", len(routed))
	}
	var ev routedEvent
	if err := json.Unmarshal(routed[1].Value, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Data.Provenance.Source != processors.SourceHuman || ev.Data.Decision.Queue != "billing" {
		t.Errorf("after a restart the corrected input was decided %+v by %s, want billing by human", ev.Data.Decision, ev.Data.Provenance.Source)
	}
	if n := sim.Stats().Requests - before; n != 0 {
		t.Errorf("%d LLM calls for an input a person answered", n)
	}
	cancel()
	if err := <-done; err != nil {
		t.Error(err)
	}
	_ = second.Close()
}

// A corrections topic that does not exist fails the start, naming it.
func TestAnswersMissingTopicFailsTheStart(t *testing.T) {
	w := reviewWorld(t)
	w.cfg.Topics.Corrections = "no-such-corrections-topic"
	p := w.build(t)
	defer p.Close()
	err := p.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "no-such-corrections-topic") {
		t.Fatalf("Run with a missing corrections topic: %v", err)
	}
}

// build builds w's pipeline.
func (w *world) build(t *testing.T) *pipeline.Pipeline {
	t.Helper()
	p, err := pipeline.Build(w.cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
