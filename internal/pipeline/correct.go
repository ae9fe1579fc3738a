package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/schemas"
)

// Corrections handles the corrections topic (config topics.corrections):
// each record is a person's verdict on a decision (schemas/correction.v1.json).
// It is read-only once the handler runs; Labels serialises its own writes.
type Corrections struct {
	Topic string
	// Queues is the configured queue set: a corrected route must name one.
	Queues []string
	// Store keeps people's answers (processors.StoreHuman), read by the
	// processors' Human middleware; nil stores none.
	Store processors.Store
	// Labels receives the labelled example of each correction that carries
	// its input; nil writes none.
	Labels *Labels
}

// Correction is one record of the corrections topic.
type Correction struct {
	EventID    string          `json:"event_id"`
	TaskID     string          `json:"task_id,omitempty"`
	Processor  string          `json:"processor"`
	Verdict    string          `json:"verdict"`
	Decision   json.RawMessage `json:"decision"`
	By         string          `json:"by"`
	At         time.Time       `json:"at"`
	Input      InputRef        `json:"input"`
	InputEvent json.RawMessage `json:"input_event,omitempty"`
	Note       string          `json:"note,omitempty"`
}

// Verdicts of a correction.
const (
	VerdictAccept  = "accept"
	VerdictCorrect = "correct"
)

// EngineHuman is the engine_version of a person's decision.
const EngineHuman = "human"

// humanStoreAttempts bounds the writes of one answer before the
// correction is dead-lettered (processor_error, re-drivable).
const humanStoreAttempts = 3

// correct handles one correction: it publishes an event superseding
// c.EventID with the person's decision (source human; its id depends on the
// correction only, so a redelivery publishes the same event), stores the
// answer for the same text and appends the labelled example. A correction
// that is not valid is dead-lettered as invalid_correction.
func (h *Handler) correct(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
	c, rt, decision, in, err := h.readCorrection(ctx, m.Value)
	if err != nil {
		return nil, err
	}
	ev, err := h.supersede(c, rt, decision, in)
	if err != nil {
		return nil, err
	}
	value, headers, err := h.Mode.encode(&ev)
	if err != nil {
		return nil, failure.BadInput(failure.InvalidOutput, err)
	}
	if in != nil {
		if err := h.learn(ctx, c, rt, decision, *in); err != nil {
			return nil, err
		}
	}
	key := []byte(c.Input.Key)
	if len(key) == 0 {
		key = []byte(c.Input.ID)
	}
	return []kafka.Message{{Topic: rt.Output, Key: key, Value: value, Headers: headers}}, nil
}

// readCorrection parses and checks the correction v (parseCorrection) and
// decodes the input it carries, nil when it carries none. Every error is
// a bad input (invalid_correction).
func (h *Handler) readCorrection(ctx context.Context, v []byte) (Correction, Route, any, *processors.Input, error) {
	c, rt, decision, err := h.parseCorrection(v)
	if err != nil {
		return c, rt, nil, nil, failure.BadInput(failure.InvalidCorrection, err)
	}
	if c.InputEvent == nil {
		return c, rt, decision, nil, nil
	}
	in, err := h.decode(ctx, rt.Kind, c.InputEvent)
	if err != nil {
		return c, rt, nil, nil, failure.BadInput(failure.InvalidCorrection, fmt.Errorf("pipeline: correction input_event: %w", err))
	}
	if in.ID != c.Input.ID {
		return c, rt, nil, nil, failure.BadInput(failure.InvalidCorrection, fmt.Errorf("pipeline: correction input_event is %q, input.id %q", in.ID, c.Input.ID))
	}
	return c, rt, decision, &in, nil
}

// parseCorrection checks v against correction.v1.json, the route it names
// and the queue set, and returns the decision (*processors.Route or
// *processors.Order).
func (h *Handler) parseCorrection(v []byte) (Correction, Route, any, error) {
	var c Correction
	if err := h.Schemas.ValidateJSON(schemas.Correction, v); err != nil {
		return c, Route{}, nil, err
	}
	if err := strict(v, &c); err != nil {
		return c, Route{}, nil, fmt.Errorf("pipeline: correction: %w", err)
	}
	rt, ok := h.Routes[c.Input.Topic]
	if !ok || rt.Spec.Name != c.Processor {
		return c, rt, nil, fmt.Errorf("pipeline: correction: input.topic %q is not the input of processor %q here", c.Input.Topic, c.Processor)
	}
	switch rt.Kind {
	case processors.KindTicket:
		var r processors.Route
		if err := strict(c.Decision, &r); err != nil {
			return c, rt, nil, fmt.Errorf("pipeline: correction decision: %w", err)
		}
		if !slices.Contains(h.Corrections.Queues, r.Queue) {
			return c, rt, nil, fmt.Errorf("pipeline: correction decision: queue %q is not configured (queues: %v)", r.Queue, h.Corrections.Queues)
		}
		return c, rt, &r, nil
	default:
		var o processors.Order
		if err := strict(c.Decision, &o); err != nil {
			return c, rt, nil, fmt.Errorf("pipeline: correction decision: %w", err)
		}
		if err := checkOrder(&o); err != nil {
			return c, rt, nil, fmt.Errorf("pipeline: correction decision: %w", err)
		}
		return c, rt, &o, nil
	}
}

func strict(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	return d.Decode(v)
}

// supersede builds the event that replaces c.EventID: the person's
// decision at the time of the correction, source human.
func (h *Handler) supersede(c Correction, rt Route, decision any, in *processors.Input) (CloudEvent, error) {
	d, _ := json.Marshal(decision)
	ev := CloudEvent{
		SpecVersion: "1.0", ID: SupersedingEventID(c.EventID, rt.Spec.Name, EngineHuman, d), Source: h.Source,
		Type: rt.Spec.EventType, Time: c.At.UTC(), Subject: c.Input.ID, DataContentType: "application/json",
		DataSchema: schemas.URL(rt.Spec.Schema), Supersedes: c.EventID, Replay: h.ReplayID,
		Data: EventData{Decision: decision, Input: c.Input, Processor: ProcessorRef{rt.Spec.Name, rt.Spec.Version},
			Provenance: processors.Provenance{Source: processors.SourceHuman, EngineVersion: EngineHuman}},
	}
	if in != nil && in.Kind == processors.KindEmail {
		ev.Data.Thread, ev.Data.Cleaning = in.Thread, in.Cleaning
	}
	if err := check(rt.Spec.Schema, &ev); err != nil {
		return CloudEvent{}, failure.BadInput(failure.InvalidCorrection, fmt.Errorf("pipeline: correction makes an invalid event: %w", err))
	}
	return ev, nil
}

// learn stores the person's answer for in's text and appends the labelled
// example. Both are idempotent, so a redelivered correction is harmless.
// A store that keeps failing dead-letters the correction (processor_error,
// re-drivable with triage dlq redrive).
func (h *Handler) learn(ctx context.Context, c Correction, rt Route, decision any, in processors.Input) error {
	cs := h.Corrections
	if err := cs.store(ctx, rt, decision, in); err != nil {
		return err
	}
	if cs.Labels != nil {
		line, err := labelLine(c.InputEvent, decision)
		if err != nil {
			return failure.BadInput(failure.InvalidCorrection, err)
		}
		if err := cs.Labels.Append(line); err != nil {
			return fmt.Errorf("pipeline: review.labels_file: %w", err)
		}
	}
	return nil
}

// labelLine is the labelled example in triage eval's live format: the
// input event's fields plus "gold" ({"queue"} for a route, the order for
// an extraction). The same correction always gives the same bytes.
func labelLine(inputEvent json.RawMessage, decision any) ([]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(inputEvent, &obj); err != nil {
		return nil, fmt.Errorf("pipeline: correction input_event: %w", err)
	}
	var gold any = decision
	if r, ok := decision.(*processors.Route); ok {
		gold = struct {
			Queue string `json:"queue"`
		}{r.Queue}
	}
	g, err := json.Marshal(gold)
	if err != nil {
		return nil, err
	}
	obj["gold"] = g
	return json.Marshal(obj)
}

// store keeps the person's decision for in's text in Store (nothing when
// Store is nil), trying humanStoreAttempts times.
func (cs *Corrections) store(ctx context.Context, rt Route, decision any, in processors.Input) error {
	if cs.Store == nil {
		return nil
	}
	out := processors.Output{Decision: decision, Provenance: processors.Provenance{Source: processors.SourceHuman, EngineVersion: EngineHuman}}
	var err error
	for range humanStoreAttempts {
		if err = processors.StoreHuman(ctx, cs.Store, processors.HumanKey(rt.Spec.Name, in), out); err == nil || ctx.Err() != nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("pipeline: store the corrected answer: %w", err)
	}
	return nil
}
