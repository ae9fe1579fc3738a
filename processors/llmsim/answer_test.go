package llmsim

import (
	"encoding/json"
	"testing"
)

func TestEchoAnswerer(t *testing.T) {
	answers := map[string]json.RawMessage{TaskRoute: json.RawMessage(`{"queue":"billing"}`)}
	a := EchoAnswerer(answers)
	answers[TaskRoute] = json.RawMessage(`{"queue":"changed"}`)
	tests := []struct {
		task    string
		want    string
		wantErr bool
	}{
		{task: TaskRoute, want: `{"queue":"billing"}`},
		{task: TaskExtract, wantErr: true},
		{task: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.task, func(t *testing.T) {
			got, err := a(tt.task, "sys", "user")
			if (err != nil) != tt.wantErr || string(got) != tt.want {
				t.Errorf("answer(%q) = %s, %v; want %s, err %v", tt.task, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestNormalizeConfidence(t *testing.T) {
	withConf := json.RawMessage(`{"type":"object","properties":{"queue":{"type":"string"},"confidence":{"type":"number"}}}`)
	withoutConf := json.RawMessage(`{"type":"object","properties":{"queue":{"type":"string"}}}`)
	tests := []struct {
		name, answer string
		schema       json.RawMessage
		want         string
	}{
		{name: "kept", answer: `{"queue":"a","confidence":0.55}`, schema: withConf, want: `{"confidence":0.55,"queue":"a"}`},
		{name: "added", answer: `{"queue":"a"}`, schema: withConf, want: `{"confidence":0.8,"queue":"a"}`},
		{name: "out of range replaced", answer: `{"queue":"a","confidence":7}`, schema: withConf, want: `{"confidence":0.8,"queue":"a"}`},
		{name: "not a number replaced", answer: `{"queue":"a","confidence":"high"}`, schema: withConf, want: `{"confidence":0.8,"queue":"a"}`},
		{name: "removed", answer: `{"queue":"a","confidence":0.5}`, schema: withoutConf, want: `{"queue":"a"}`},
		{name: "no schema", answer: `{"queue":"a","confidence":0.5}`, want: `{"confidence":0.5,"queue":"a"}`},
		{name: "not an object", answer: `[1,2]`, schema: withConf, want: `[1,2]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := decodeAnswer([]byte(tt.answer))
			if err != nil {
				t.Fatal(err)
			}
			normalizeConfidence(v, tt.schema)
			got, _ := json.Marshal(v)
			if string(got) != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestDecodeAnswerRejects(t *testing.T) {
	for _, in := range []string{``, `{`, `{"a":1} {"b":2}`, `nope`} {
		t.Run(in, func(t *testing.T) {
			if _, err := decodeAnswer([]byte(in)); err == nil {
				t.Errorf("decodeAnswer(%q) succeeded", in)
			}
		})
	}
}
