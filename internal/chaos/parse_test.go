package chaos

import (
	"testing"

	"github.com/segmentio/kafka-go"
)

func TestEventInput(t *testing.T) {
	input := `{"input":{"topic":"t.tickets","partition":3,"offset":0,"key":"k","id":"T-1"}}`
	binary := []kafka.Header{{Key: "content-type", Value: []byte("application/json")}, {Key: "ce_specversion", Value: []byte("1.0")}}
	for name, m := range map[string]kafka.Message{
		"structured": {Value: []byte(`{"id":"x","data":` + input + `}`),
			Headers: []kafka.Header{{Key: "content-type", Value: []byte("application/cloudevents+json; charset=UTF-8")}}},
		"structured with ce_ headers": {Value: []byte(`{"id":"x","data":` + input + `}`),
			Headers: []kafka.Header{{Key: "content-type", Value: []byte("application/cloudevents+json")}, binary[1]}},
		"no headers": {Value: []byte(`{"id":"x","data":` + input + `}`)},
		"binary":     {Value: []byte(input), Headers: binary},
	} {
		if c, err := EventInput(m); err != nil || c != (Coord{"t.tickets", 3, 0}) {
			t.Errorf("%s: EventInput = %v, %v", name, c, err)
		}
	}
	for _, bad := range []string{`not json`, `{"data":{}}`, `{"data":{"input":{"topic":"t","partition":1}}}`} {
		if _, err := EventInput(kafka.Message{Value: []byte(bad)}); err == nil {
			t.Errorf("EventInput(%s): want an error", bad)
		}
	}
	if _, err := EventInput(kafka.Message{Value: []byte(`{"data":` + input + `}`), Headers: binary}); err == nil {
		t.Error("binary record whose value is a whole event: want an error")
	}
}

func TestDeadLetterSource(t *testing.T) {
	c, err := DeadLetterSource([]byte(`{"reason":"invalid_json","source":{"topic":"t.emails","partition":2,"offset":41}}`), nil)
	if err != nil || c != (Coord{"t.emails", 2, 41}) {
		t.Fatalf("from envelope: %v, %v", c, err)
	}
	c, err = DeadLetterSource([]byte("cut off {"), []byte("a/b.emails/5/7"))
	if err != nil || c != (Coord{"a/b.emails", 5, 7}) {
		t.Fatalf("from header: %v, %v", c, err)
	}
	for _, h := range []string{"", "t/1", "t/x/2", "/1/2"} {
		if _, err := DeadLetterSource(nil, []byte(h)); err == nil {
			t.Errorf("header %q: want an error", h)
		}
	}
	if _, err := DeadLetterSource([]byte(`{}`), nil); err == nil {
		t.Error("no source, no header: want an error")
	}
}
