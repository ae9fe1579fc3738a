package pipeline

import (
	"context"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/schemas"
)

// roundTrip is how binary mode was made before each part was encoded
// once: the structured event encoded, decoded again into attributes, and
// each attribute written out.
func roundTrip(t *testing.T, event []byte) ([]byte, []kafka.Header) {
	var attrs map[string]json.RawMessage
	if err := json.Unmarshal(event, &attrs); err != nil {
		t.Fatal(err)
	}
	headers := []kafka.Header{}
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		var s string
		if json.Unmarshal(attrs[name], &s) != nil {
			s = string(attrs[name])
		}
		switch name {
		case "data":
		case "datacontenttype":
			headers = append(headers, kafka.Header{Key: headerContentType, Value: []byte(s)})
		default:
			headers = append(headers, kafka.Header{Key: headerPrefix + name, Value: []byte(s)})
		}
	}
	return attrs["data"], headers
}

// TestEncodeOnce: each mode encodes the event once and gives the records
// the round trip through JSON gave, byte for byte.
func TestEncodeOnce(t *testing.T) {
	replayed := baseOrder()
	replayed.Replay, replayed.Supersedes = "run-1", replayed.ID
	odd := baseRouted()
	odd.Source, odd.Time = "tri\xffage <&>", time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)
	for name, ev := range map[string]CloudEvent{"routed": baseRouted(), "order": baseOrder(), "replayed": replayed, "odd": odd} {
		event, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		value, headers, err := Structured.encode(&ev)
		if err != nil || string(value) != string(event) || len(headers) != 1 || string(headers[0].Value) != ContentTypeStructured {
			t.Errorf("%s structured: %s %v %v", name, value, headers, err)
		}
		wantData, wantHeaders := roundTrip(t, event)
		data, headers, err := Binary.encode(&ev)
		if err != nil || string(data) != string(wantData) || !reflect.DeepEqual(headers, wantHeaders) {
			t.Errorf("%s binary:\n%s\n%q\nwant\n%s\n%q (%v)", name, data, headers, wantData, wantHeaders, err)
		}
	}
}

// TestValidateRefusesInvalidEvents: with events.validate the validator
// sees the whole event in both modes and dead-letters what breaks it.
func TestValidateRefusesInvalidEvents(t *testing.T) {
	sch, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	rt := Route{Spec: processors.Spec{Name: "route", Schema: schemas.TicketRouted}}
	for _, m := range []Mode{Structured, Binary} {
		h := &Handler{Schemas: sch, Validate: true, Mode: m}
		good, bad := baseRouted(), baseRouted()
		bad.Data.Decision = &processors.Route{Queue: ""} // check would refuse it first
		for ev, want := range map[*CloudEvent]failure.Reason{&good: "", &bad: failure.InvalidOutput} {
			value, _, err := m.encode(ev)
			if err != nil {
				t.Fatal(err)
			}
			if got := failure.Classify(h.validate(rt, ev, value)); got != want {
				t.Errorf("%s: queue %q: %q, want %q", m, ev.Data.Decision.(*processors.Route).Queue, got, want)
			}
		}
	}
}

// BenchmarkEvent builds, checks and encodes the event of a routed ticket
// and of an order email, as Handle does, without and with events.validate
// (with it, every event also goes through the JSON-Schema validator, as
// every event did before):
//
//	go test -run XXX -bench Event -benchmem ./internal/pipeline/
func BenchmarkEvent(b *testing.B) {
	sch, err := schemas.Load()
	if err != nil {
		b.Fatal(err)
	}
	m := kafka.Message{Topic: "in", Partition: 1, Offset: 42, Key: []byte("cus_1"), Time: time.Now()}
	cases := map[string]struct {
		rt  Route
		in  processors.Input
		out processors.Output
	}{
		"routed": {Route{Kind: processors.KindTicket, Spec: processors.Spec{Name: "route", Version: "v1", EventType: TypeRouted, Schema: schemas.TicketRouted}},
			processors.Input{Kind: processors.KindTicket, ID: "T-1"},
			processors.Output{Decision: baseRouted().Data.Decision, Provenance: baseRouted().Data.Provenance}},
		"order": {Route{Kind: processors.KindEmail, Spec: processors.Spec{Name: "extract", Version: "v1", EventType: TypeOrder, Schema: schemas.EmailOrder}},
			processors.Input{Kind: processors.KindEmail, ID: "<m@x>", IDKey: "msgid:<m@x>", Thread: baseOrder().Data.Thread, Cleaning: baseOrder().Data.Cleaning},
			processors.Output{Decision: baseOrder().Data.Decision, Provenance: baseOrder().Data.Provenance}},
	}
	for _, name := range []string{"routed", "order"} {
		c := cases[name]
		for _, validate := range []bool{false, true} {
			h := &Handler{Schemas: sch, Validate: validate, Source: "triage"}
			b.Run(name+map[bool]string{false: "/typed", true: "/validate"}[validate], func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					ev, err := h.event(context.Background(), c.rt, m, c.in, c.out)
					if err != nil {
						b.Fatal(err)
					}
					value, _, err := h.Mode.encode(&ev)
					if err != nil {
						b.Fatal(err)
					}
					if validate {
						if err := h.validate(c.rt, &ev, value); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
	}
}
