package llmsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
)

// Answerer produces the honest answer to a chat request: a JSON value
// (normally an object matching the requested schema) for task (TaskRoute,
// TaskExtract or "" when the task could not be inferred), given the system
// text and the user text of the request. It must be safe for concurrent use.
// An error, or a result that is not valid JSON, makes the request fail with
// 500 and count in Stats.AnswerErrors.
type Answerer func(task string, system, user string) (json.RawMessage, error)

// Confidence values the simulator writes into answers.
const (
	// HonestConfidence is set in an honest answer when the schema has a
	// "confidence" property and the Answerer gave no usable one: confident
	// but not certain.
	HonestConfidence = 0.8
	// LowConfidence is the confidence of ModeLowConf answers.
	LowConfidence = 0.2
)

// EchoAnswerer answers each task with the fixed JSON given for it (the map is
// copied) and fails for a task that has none.
func EchoAnswerer(answers map[string]json.RawMessage) Answerer {
	answers = maps.Clone(answers)
	return func(task, _, _ string) (json.RawMessage, error) {
		a, ok := answers[task]
		if !ok {
			return nil, fmt.Errorf("llmsim: EchoAnswerer has no answer for task %q", task)
		}
		return a, nil
	}
}

// decodeAnswer parses an answer, keeping numbers as json.Number so that an
// honest answer is re-encoded unchanged.
func decodeAnswer(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("llmsim: answer is not valid JSON: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("llmsim: answer has data after the JSON value")
	}
	return v, nil
}

// schemaHasConfidence reports whether the schema is an object schema and
// whether its top-level properties include "confidence".
func schemaHasConfidence(schema json.RawMessage) (declares, has bool) {
	var s struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if len(schema) == 0 || json.Unmarshal(schema, &s) != nil || s.Properties == nil {
		return false, false
	}
	_, has = s.Properties["confidence"]
	return true, has
}

// normalizeConfidence makes an honest object answer state its confidence as
// the schema asks: when the schema has a confidence property, the Answerer's
// confidence is kept if it is a number in [0,1] and HonestConfidence is set
// otherwise; when the schema lists properties without confidence, any
// confidence is removed; without a schema the answer is left alone.
func normalizeConfidence(v any, schema json.RawMessage) {
	obj, ok := v.(map[string]any)
	if !ok {
		return
	}
	declares, has := schemaHasConfidence(schema)
	switch {
	case has:
		if n, ok := obj["confidence"].(json.Number); ok {
			if f, err := n.Float64(); err == nil && f >= 0 && f <= 1 {
				return
			}
		}
		obj["confidence"] = HonestConfidence
	case declares:
		delete(obj, "confidence")
	}
}
