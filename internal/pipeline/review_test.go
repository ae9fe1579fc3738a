package pipeline

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/schemas"
)

func TestReviewReasons(t *testing.T) {
	p := &ReviewPolicy{Topic: "r", MinConfidence: map[string]float64{"route": 0.5}}
	low, high := 0.2, 0.8
	for _, tt := range []struct {
		name string
		pv   processors.Provenance
		want []string
	}{
		{"confident rules", processors.Provenance{Source: "rules", Confidence: &high}, nil},
		{"rules-only is no LLM failure", processors.Provenance{Source: "rules", FallbackReason: "llm_disabled", Confidence: &high}, nil},
		{"below the threshold", processors.Provenance{Source: "rules", FallbackReason: "llm_disabled", Confidence: &low}, []string{ReasonLowConfidence}},
		{"no confidence", processors.Provenance{Source: "llm"}, nil},
		{"LLM timed out", processors.Provenance{Source: "rules", FallbackReason: "timeout", Confidence: &high}, []string{ReasonLLMFallback}},
		{"LLM unsure", processors.Provenance{Source: "rules", FallbackReason: "low_confidence", Confidence: &high}, []string{ReasonLLMFallback}},
		{"answer rejected, rules unsure", processors.Provenance{Source: "rules", FallbackReason: "invalid_output", Confidence: &low}, []string{ReasonLowConfidence, ReasonAnswerRejected}},
		{"a person decided", processors.Provenance{Source: "human", Confidence: &low}, nil},
	} {
		if got := p.Reasons("route", processors.Output{Provenance: tt.pv}); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: reasons %v, want %v", tt.name, got, tt.want)
		}
	}
	if got := p.Reasons("extract", processors.Output{Provenance: processors.Provenance{Source: "rules", Confidence: &low}}); got != nil {
		t.Errorf("extract has no threshold: %v", got)
	}
	if got := (*ReviewPolicy)(nil).Reasons("route", processors.Output{Provenance: processors.Provenance{FallbackReason: "timeout"}}); got != nil {
		t.Errorf("no policy: %v", got)
	}
	order := &processors.Order{IsOrder: true, Items: []processors.Item{{Product: "a", Quantity: 1}, {Product: "b", Quantity: 1, Unknown: true}}}
	if got := p.Reasons("extract", processors.Output{Decision: order, Provenance: processors.Provenance{Source: "llm", Confidence: &high}}); !reflect.DeepEqual(got, []string{ReasonUnknownProduct}) {
		t.Errorf("an unknown product: %v", got)
	}
}

func unsure(queue string, conf float64) processors.Processor {
	return processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
		return processors.Output{Decision: &processors.Route{Queue: queue}, Alternatives: []processors.QueueScore{{Queue: queue, Score: 2}, {Queue: "technical", Score: 1.5}},
			Provenance: processors.Provenance{Source: processors.SourceRules, EngineVersion: "rules-x", Confidence: &conf}}, nil
	})
}

// A decision below the threshold is published flagged, with its review
// task on the review topic under the same key; a confident one alone.
func TestReviewTaskPublishedWithEvent(t *testing.T) {
	h := newHandler(t, unsure("billing", 0.1))
	var observed []string
	h.Review = &ReviewPolicy{Topic: "review", MinConfidence: map[string]float64{"route": 0.5},
		Observe: func(p, r string) { observed = append(observed, p+"/"+r) }}
	m := kafka.Message{Topic: "in.tickets", Partition: 1, Offset: 7, Key: []byte("C-1"), Value: []byte(ticketJSON)}
	outs, err := h.Handle(context.Background(), m)
	if !reflect.DeepEqual(observed, []string{"route/" + ReasonLowConfidence}) {
		t.Errorf("observed %v, want the one reason (triage_review_required_total)", observed)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 2 || outs[1].Topic != "review" || string(outs[1].Key) != "C-1" {
		t.Fatalf("outputs %+v, want the event and its task", outs)
	}
	var ev CloudEvent
	if err := json.Unmarshal(outs[0].Value, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Data.Review == nil || !reflect.DeepEqual(ev.Data.Review.Reasons, []string{ReasonLowConfidence}) {
		t.Fatalf("event review %+v", ev.Data.Review)
	}
	if err := h.Schemas.ValidateJSON(schemas.ReviewTask, outs[1].Value); err != nil {
		t.Fatal(err)
	}
	var task struct {
		ID, Type string
		Data     TaskData
	}
	if err := json.Unmarshal(outs[1].Value, &task); err != nil {
		t.Fatal(err)
	}
	d := task.Data
	if task.ID != TaskID(ev.ID) || task.Type != TypeReviewTask || d.EventID != ev.ID || d.Input != ev.Data.Input ||
		string(d.InputEvent) != ticketJSON || d.Text.Subject != "Charged twice" || len(d.Alternatives.Queues) != 2 {
		t.Errorf("task %+v", task)
	}
	again, _ := h.Handle(context.Background(), m)
	if string(again[1].Value) != string(outs[1].Value) {
		t.Error("a redelivery publishes another task")
	}
	h.Routes["in.tickets"] = Route{Kind: processors.KindTicket, Output: "out.routed", Spec: processors.Spec{
		Name: "route", Version: "v1", EventType: TypeRouted, Schema: schemas.TicketRouted, Processor: unsure("billing", 0.9)}}
	observed = nil
	if outs, err := h.Handle(context.Background(), m); err != nil || len(outs) != 1 || strings.Contains(string(outs[0].Value), `"review"`) {
		t.Errorf("a confident decision: %d outputs %v", len(outs), err)
	}
	if len(observed) != 0 {
		t.Errorf("a confident decision observed as reviewed: %v", observed)
	}
}

// An order's task locates each item in the cleaned text, and a large
// input is left out of the task, which says so.
func TestReviewTaskEvidenceAndBounds(t *testing.T) {
	h := emailHandler(t)
	h.Review = &ReviewPolicy{Topic: "review", MinConfidence: map[string]float64{"extract": 0.5}}
	conf := 0.3
	rt := h.Routes["in.emails"]
	rt.Spec.Processor = processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
		return processors.Output{Decision: &processors.Order{IsOrder: true, Items: []processors.Item{{Product: "Blue Widget", Quantity: 2}, {SKU: "ZZ-9", Quantity: 1}}},
			Provenance: processors.Provenance{Source: processors.SourceRules, EngineVersion: "rules-x", Confidence: &conf}}, nil
	})
	h.Routes["in.emails"] = rt
	email := func(text string) []byte {
		v, _ := json.Marshal(map[string]any{"message_id": "<a@b>", "from": "x@example.com", "to": []string{"o@example.com"},
			"subject": "Order", "text": text, "received_at": "2026-11-27T09:15:00Z"})
		return v
	}
	outs, err := h.Handle(context.Background(), kafka.Message{Topic: "in.emails", Value: email("Please send 2 x blue widget and one zz-9.")})
	if err != nil || len(outs) != 2 {
		t.Fatalf("%d outputs, %v", len(outs), err)
	}
	var task struct{ Data TaskData }
	if err := json.Unmarshal(outs[1].Value, &task); err != nil {
		t.Fatal(err)
	}
	body := task.Data.Text.Body
	items := task.Data.Alternatives.Items
	if len(items) != 2 || len(items[0].Evidence) != 1 || len(items[1].Evidence) != 1 {
		t.Fatalf("evidence %+v in %q", items, body)
	}
	if sp := items[0].Evidence[0]; body[sp.Start:sp.End] != "blue widget" {
		t.Errorf("item 0 evidence %q", body[sp.Start:sp.End])
	}
	if sp := items[1].Evidence[0]; body[sp.Start:sp.End] != "zz-9" {
		t.Errorf("item 1 evidence %q", body[sp.Start:sp.End])
	}
	h.Decoder.MaxBytes = 1 << 20
	outs, err = h.Handle(context.Background(), kafka.Message{Topic: "in.emails", Value: email("blue widget " + strings.Repeat("x ", taskInputMax))})
	if err != nil || len(outs) != 2 {
		t.Fatalf("%d outputs, %v", len(outs), err)
	}
	if err := h.Schemas.ValidateJSON(schemas.ReviewTask, outs[1].Value); err != nil {
		t.Fatal(err)
	}
	task.Data = TaskData{}
	_ = json.Unmarshal(outs[1].Value, &task)
	if !task.Data.InputEventOmitted || task.Data.InputEvent != nil || !task.Data.Text.Clipped || len(task.Data.Text.Body) > taskBodyMax {
		t.Errorf("large input: omitted %v clipped %v body %d bytes", task.Data.InputEventOmitted, task.Data.Text.Clipped, len(task.Data.Text.Body))
	}
}

// The schema refuses what checkTask refuses.
func TestTaskSchemaRefusesBrokenTasks(t *testing.T) {
	sch, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	ev := baseRouted()
	ev.Data.Review = &ReviewFlag{Required: true, Reasons: []string{ReasonLowConfidence}}
	in := processors.Input{Kind: processors.KindTicket, Subject: "s", Body: "b"}
	for name, edit := range map[string]func(*Task){
		"no reason":      func(t *Task) { t.Data.Reasons = nil },
		"unknown reason": func(t *Task) { t.Data.Reasons = []string{"x"} },
		"bad event id":   func(t *Task) { t.Data.EventID = "x" },
		"both inputs":    func(t *Task) { t.Data.InputEventOmitted = true },
		"span past body": func(t *Task) {
			t.Data.Alternatives.Items = []ItemEvidence{{Index: 0, Evidence: []Span{{Start: -1, End: 1}}}}
		},
		"empty alt queue": func(t *Task) { t.Data.Alternatives.Queues = []processors.QueueScore{{Score: 1}} },
	} {
		task := newTask(&ev, ev.Data.Review.Reasons, in, []byte(ticketJSON), processors.Output{})
		v, _ := json.Marshal(&task)
		if err := sch.ValidateJSON(schemas.ReviewTask, v); err != nil {
			t.Fatalf("base task: %v", err)
		}
		edit(&task)
		v, _ = json.Marshal(&task)
		if checkTask(&task) == nil {
			t.Errorf("%s: checkTask accepts it", name)
		}
		if sch.ValidateJSON(schemas.ReviewTask, v) == nil && name != "both inputs" && name != "span past body" {
			t.Errorf("%s: the schema accepts it", name)
		}
	}
}
