package pipeline

import (
	"slices"
	"testing"

	"github.com/segmentio/kafka-go"
)

func TestParseMode(t *testing.T) {
	for s, want := range map[string]Mode{"": Structured, "structured": Structured, "binary": Binary} {
		if got, err := ParseMode(s); got != want || err != nil {
			t.Errorf("ParseMode(%q) = %q, %v; want %q", s, got, err, want)
		}
	}
	if _, err := ParseMode("Binary"); err == nil {
		t.Error(`ParseMode("Binary"): want an error`)
	}
}

// EventJSON gives readers (replay, tests) the structured event of a record
// in either mode; the binary layout is deterministic.
func TestEventJSONReadsBothModes(t *testing.T) {
	for _, c := range sdkCases() {
		structured := c.handle(t, Structured)
		binary := c.handle(t, Binary)
		if again := c.handle(t, Binary); !slices.EqualFunc(again.Headers, binary.Headers, func(a, b kafka.Header) bool {
			return a.Key == b.Key && string(a.Value) == string(b.Value)
		}) {
			t.Errorf("%s: binary headers differ between two runs:\n%v\n%v", c.name, binary.Headers, again.Headers)
		}
		for _, m := range []kafka.Message{structured, binary} {
			got, err := EventJSON(m)
			if err != nil || !jsonEqual(got, structured.Value) {
				t.Errorf("%s: EventJSON = %s, %v\nwant %s", c.name, got, err, structured.Value)
			}
		}
	}
}

func TestEventJSONEdges(t *testing.T) {
	env := []byte(`{"specversion":"1.0","id":"x","data":{}}`)
	// The layout before issue 12: structured, plus a ce_type header.
	old := kafka.Message{Value: env, Headers: []kafka.Header{{Key: "content-type", Value: []byte(ContentTypeStructured)},
		{Key: "ce_type", Value: []byte(TypeRouted)}, {Key: "ce_specversion", Value: []byte("1.0")}}}
	if got, err := EventJSON(old); err != nil || string(got) != string(env) {
		t.Errorf("structured record with ce_ headers: %s, %v", got, err)
	}
	if got, err := EventJSON(kafka.Message{Value: env}); err != nil || string(got) != string(env) {
		t.Errorf("record without headers: %s, %v", got, err)
	}
	bad := kafka.Message{Value: []byte("not json"), Headers: []kafka.Header{{Key: "ce_specversion", Value: []byte("1.0")}}}
	if _, err := EventJSON(bad); err == nil {
		t.Error("binary record with non-JSON data: want an error")
	}
	upper := kafka.Message{Value: []byte(`{"a":1}`), Headers: []kafka.Header{{Key: "CE_SpecVersion", Value: []byte("1.0")},
		{Key: "Content-Type", Value: []byte("application/json")}, {Key: "ce_id", Value: []byte("i<&>")}}}
	want := `{"data":{"a":1},"datacontenttype":"application/json","id":"i<&>","specversion":"1.0"}`
	if got, err := EventJSON(upper); err != nil || string(got) != want {
		t.Errorf("mixed-case binary headers: %s, %v; want %s", got, err, want)
	}
}
