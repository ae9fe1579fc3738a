package pipeline

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/schemas"
)

// Review reasons (schemas/common.v1.json#/$defs/review_reason).
const (
	// ReasonLowConfidence: the decision's confidence is below the
	// processor's threshold (review.route_min_confidence,
	// review.extract_min_confidence).
	ReasonLowConfidence = "low_confidence"
	// ReasonLLMFallback: the rules answered because the LLM failed or was
	// unsure (any fallback reason but llm_disabled and invalid_output).
	ReasonLLMFallback = "llm_fallback"
	// ReasonAnswerRejected: the validator rejected the LLM's answer
	// (fallback reason invalid_output) and the rules answered.
	ReasonAnswerRejected = "answer_rejected"
	// ReasonUnknownProduct: an item of the order matched no catalog entry
	// (processors.Item.Unknown, set when rules.catalog grounds orders).
	ReasonUnknownProduct = "unknown_product"
)

var reviewReasons = map[string]bool{ReasonLowConfidence: true, ReasonLLMFallback: true, ReasonAnswerRejected: true, ReasonUnknownProduct: true}

// ReviewFlag is data.review of an output event: the decision awaits a
// person's review, and why.
type ReviewFlag struct {
	Required bool     `json:"required"`
	Reasons  []string `json:"reasons"`
}

// ReviewPolicy says which decisions go to review (config review.*). A nil
// policy sends none. It is read-only once the handler runs.
type ReviewPolicy struct {
	Topic string // where review tasks go (topics.review)
	// MinConfidence is the threshold per processor name: a decision whose
	// confidence is below it goes to review (0 or absent: never for
	// confidence alone).
	MinConfidence map[string]float64
	// Observe, when set, is called for each reason of each decision sent
	// to review (metrics).
	Observe func(processor, reason string)
}

// Reasons lists why the decision of processor name goes to review, none
// when it does not. A person's decision (source human) never does; a
// decision without a confidence is not judged on confidence.
func (p *ReviewPolicy) Reasons(name string, out processors.Output) []string {
	pv := out.Provenance
	if p == nil || pv.Source == processors.SourceHuman {
		return nil
	}
	var rs []string
	if min := p.MinConfidence[name]; pv.Confidence != nil && *pv.Confidence < min {
		rs = append(rs, ReasonLowConfidence)
	}
	switch failure.Fallback(pv.FallbackReason) {
	case "", failure.LLMDisabled:
	case failure.BadAnswer:
		rs = append(rs, ReasonAnswerRejected)
	default:
		rs = append(rs, ReasonLLMFallback)
	}
	if o, ok := out.Decision.(*processors.Order); ok && o != nil && slices.ContainsFunc(o.Items, func(it processors.Item) bool { return it.Unknown }) {
		rs = append(rs, ReasonUnknownProduct)
	}
	return rs
}

// Task is a review task (schemas/review.task.v1.json): the envelope of
// the event under review (its id, type, schema and extensions replaced)
// with data of its own. It is published in the structured content mode
// whatever events.mode says: its readers are the review page and people's
// tools, not event subscribers.
type Task struct {
	CloudEvent
	Data TaskData `json:"data"` // shadows CloudEvent.Data in JSON
}

// TaskData is the data of a review task.
type TaskData struct {
	EventID           string                `json:"event_id"`
	EventType         string                `json:"event_type"`
	Processor         ProcessorRef          `json:"processor"`
	Reasons           []string              `json:"reasons"`
	Input             InputRef              `json:"input"`
	InputEvent        json.RawMessage       `json:"input_event,omitempty"`
	InputEventOmitted bool                  `json:"input_event_omitted,omitempty"`
	Text              TaskText              `json:"text"`
	Decision          any                   `json:"decision"`
	Provenance        processors.Provenance `json:"provenance"`
	Alternatives      Alternatives          `json:"alternatives"`
}

// TaskText is the cleaned text the engines decided on.
type TaskText struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
	Clipped bool   `json:"clipped,omitempty"`
}

// Alternatives are what the engines considered: scored queues, and where
// each decided item's product or SKU occurs in the text.
type Alternatives struct {
	Queues []processors.QueueScore `json:"queues,omitempty"`
	Items  []ItemEvidence          `json:"items,omitempty"`
}

// ItemEvidence locates decision.items[Index] in TaskText.Body.
type ItemEvidence struct {
	Index    int    `json:"index"`
	Evidence []Span `json:"evidence"`
}

// Span is a byte range of TaskText.Body, End exclusive.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// TypeReviewTask is the CloudEvents type of review tasks.
const TypeReviewTask = "triage.review.task.v1"

// Bounds of a review task, so that it stays well under the broker's
// record limit whatever the input was.
const (
	taskInputMax = 256 << 10 // larger input events are left out (input_event_omitted)
	taskBodyMax  = 64 << 10  // the cleaned body is clipped to this (clipped)
)

// TaskID is the id of the review task of the event eventID: one task per
// event, so a redelivery publishes the same task.
func TaskID(eventID string) string {
	return SupersedingEventID(eventID, "review", "task-v1", nil)
}

// newTask builds the review task of ev, the event about to be published
// for in (value is the input record's value).
func newTask(ev *CloudEvent, reasons []string, in processors.Input, value []byte, out processors.Output) Task {
	body, clipped := in.Body, false
	if len(body) > taskBodyMax {
		body, clipped = clipUTF8(body, taskBodyMax), true
	}
	d := TaskData{
		EventID: ev.ID, EventType: ev.Type, Processor: ev.Data.Processor, Reasons: reasons,
		Input: ev.Data.Input, Text: TaskText{Subject: in.Subject, Body: body, Clipped: clipped},
		Decision: ev.Data.Decision, Provenance: ev.Data.Provenance,
		Alternatives: Alternatives{Queues: out.Alternatives, Items: evidence(ev.Data.Decision, body)},
	}
	if len(value) <= taskInputMax && json.Valid(value) {
		d.InputEvent = slices.Clone(value)
	} else {
		d.InputEventOmitted = true
	}
	env := *ev
	env.ID, env.Type, env.DataSchema, env.Supersedes, env.Data = TaskID(ev.ID), TypeReviewTask, schemas.URL(schemas.ReviewTask), "", EventData{}
	return Task{CloudEvent: env, Data: d}
}

// clipUTF8 cuts s to at most n bytes without splitting a rune.
func clipUTF8(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// task is the record of ev's review task on the review topic, under the
// event's key: held to its schema like every event (checkTask; the
// validator too with events.validate).
func (h *Handler) task(ev *CloudEvent, in processors.Input, value []byte, out processors.Output, key []byte) (kafka.Message, error) {
	t := newTask(ev, ev.Data.Review.Reasons, in, value, out)
	if err := checkTask(&t); err != nil {
		return kafka.Message{}, failure.BadInput(failure.InvalidOutput, fmt.Errorf("pipeline: invalid review task: %w", err))
	}
	v, err := json.Marshal(&t)
	if err != nil {
		return kafka.Message{}, failure.BadInput(failure.InvalidOutput, fmt.Errorf("pipeline: encode review task: %w", err))
	}
	if h.Validate {
		if err := h.Schemas.ValidateJSON(schemas.ReviewTask, v); err != nil {
			return kafka.Message{}, failure.BadInput(failure.InvalidOutput, fmt.Errorf("pipeline: invalid review task: %w", err))
		}
	}
	headers := []kafka.Header{{Key: headerContentType, Value: []byte(ContentTypeStructured)}}
	if h.ReplayID != "" {
		headers = append(headers, kafka.Header{Key: HeaderReplay, Value: []byte(h.ReplayID)})
	}
	return kafka.Message{Topic: h.Review.Topic, Key: key, Value: v, Headers: headers}, nil
}

// checkTask holds a task built from a checked event to the parts of
// review.task.v1.json the event's check did not cover.
func checkTask(t *Task) error {
	d := &t.Data
	if !hex32(t.ID) || !hex32(d.EventID) {
		return fmt.Errorf("id %q or event_id %q is not 32 lower-case hex digits", t.ID, d.EventID)
	}
	if err := checkReview(&ReviewFlag{Required: true, Reasons: d.Reasons}); err != nil {
		return err
	}
	if d.InputEventOmitted == (d.InputEvent != nil) {
		return fmt.Errorf("input_event and input_event_omitted: exactly one")
	}
	for _, q := range d.Alternatives.Queues {
		if q.Queue == "" || !number(q.Score, math.Inf(-1)) {
			return fmt.Errorf("alternatives.queues: %+v: want a queue and a finite score", q)
		}
	}
	for _, it := range d.Alternatives.Items {
		for _, sp := range it.Evidence {
			if sp.Start < 0 || sp.End < sp.Start || sp.End > len(d.Text.Body) {
				return fmt.Errorf("alternatives.items[%d]: span %+v outside the body", it.Index, sp)
			}
		}
	}
	return nil
}
