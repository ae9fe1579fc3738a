package review

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
)

// taskValue is a review task value for event id (32 hex digits of c).
func taskValue(c string, at time.Time, routed bool) []byte {
	id := strings.Repeat(c, 32)
	d := pipeline.TaskData{EventID: id, EventType: pipeline.TypeRouted, Processor: pipeline.ProcessorRef{Name: "route", Version: "v1"},
		Reasons: []string{pipeline.ReasonLowConfidence}, Input: pipeline.InputRef{Topic: "in.tickets", ID: "T-" + c, Key: "C-" + c},
		InputEvent:   json.RawMessage(`{"ticket_id":"T-` + c + `","subject":"Hello","body":"Please send 2 blue widgets","channel":"web","customer":{"id":"C"},"created_at":"2026-11-27T10:00:00Z"}`),
		Text:         pipeline.TaskText{Subject: "Hello", Body: "Please send 2 blue widgets"},
		Decision:     processors.Route{Queue: "other"},
		Provenance:   processors.Provenance{Source: "rules", EngineVersion: "rules-1"},
		Alternatives: pipeline.Alternatives{Queues: []processors.QueueScore{{Queue: "sales", Score: 0.5}}}}
	if !routed {
		d.EventType, d.Processor.Name, d.Input.Topic = pipeline.TypeOrder, "extract", "in.emails"
		d.Decision = processors.Order{IsOrder: true, Items: []processors.Item{{Product: "blue widgets", Quantity: 2}}}
		d.Alternatives = pipeline.Alternatives{Items: []pipeline.ItemEvidence{{Index: 0, Evidence: []pipeline.Span{{Start: 14, End: 26}}}}}
	}
	v, _ := json.Marshal(map[string]any{"id": strings.Repeat("f"+c, 16), "time": at, "type": pipeline.TypeReviewTask, "data": d})
	return v
}

func TestBoardOpensAndCloses(t *testing.T) {
	b := NewBoard()
	t0 := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	if !b.AddCorrection([]byte(`{"event_id":"` + strings.Repeat("c", 32) + `"}`)) {
		t.Fatal("correction refused")
	}
	for _, v := range [][]byte{taskValue("b", t0.Add(time.Second), true), taskValue("a", t0, true), taskValue("c", t0, true)} {
		if !b.AddTask(v) {
			t.Fatalf("task refused: %s", v)
		}
	}
	if b.AddTask([]byte(`{"x":1}`)) || b.AddCorrection([]byte("nope")) {
		t.Error("not a task or correction, yet added")
	}
	open := b.Open()
	if len(open) != 2 || open[0].Data.EventID[0] != 'a' || open[1].Data.EventID[0] != 'b' {
		t.Fatalf("open %+v: want a then b, c corrected before its task arrived", open)
	}
	b.Close(open[0].Data.EventID)
	if _, ok := b.Get(open[0].Data.EventID); ok || len(b.Open()) != 1 {
		t.Error("closed task still open")
	}
}
