package pipeline

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/cloudevents/sdk-go/v2/binding"
	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
)

const orderMail = `{"message_id":"<a1@x.example>","from":"a@x.example","to":["o@shop.example"],"subject":"Order",` +
	`"text":"Please send 2 x Mug.","received_at":"2026-11-27T09:15:00Z"}`

// sdkCase is one record the handler decides, in the given mode.
type sdkCase struct {
	name       string
	in         kafka.Message
	replay     string // Handler.ReplayID
	supersedes string // WithSupersedes
}

func sdkCases() []sdkCase {
	return []sdkCase{
		{name: "ticket", in: kafka.Message{Topic: "in.tickets", Partition: 2, Offset: 41, Key: []byte("C-1"), Value: []byte(ticketJSON)}},
		{name: "email", in: kafka.Message{Topic: "in.emails", Offset: 7, Key: []byte("a@x.example"), Value: []byte(orderMail)}},
		{name: "fallback", in: kafka.Message{Topic: "in.fallback", Offset: 3, Value: []byte(ticketJSON)}},
		{name: "replayed, superseding", in: kafka.Message{Topic: "in.tickets", Offset: 9, Value: []byte(ticketJSON)},
			replay: "run-7", supersedes: "0123456789abcdef0123456789abcdef"},
	}
}

// sdkHandler decides tickets, emails and (topic in.fallback) tickets the
// rules decided because the LLM timed out.
func sdkHandler(t *testing.T, mode Mode, replay string) *Handler {
	h := emailHandler(t)
	h.Mode, h.ReplayID = mode, replay
	fb := h.Routes["in.tickets"]
	fb.Spec.Processor = processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
		return processors.Output{Decision: &processors.Route{Queue: "billing"}, Provenance: processors.Provenance{
			Source: processors.SourceRules, FallbackReason: string(failure.Timeout), EngineVersion: "rules-x", Model: "gpt-4o-mini"}}, nil
	})
	h.Routes["in.fallback"] = fb
	return h
}

func (c sdkCase) handle(t *testing.T, mode Mode) kafka.Message {
	t.Helper()
	ctx := WithSupersedes(context.Background(), c.supersedes)
	outs, err := sdkHandler(t, mode, c.replay).Handle(ctx, c.in)
	if err != nil || len(outs) != 1 {
		t.Fatalf("%s: %d outputs, %v", c.name, len(outs), err)
	}
	return outs[0]
}

// The official SDK reads every event the handler publishes, in both modes,
// as a valid CloudEvent equal to ours: attributes, extensions and data.
func TestSDKReadsEventsInBothModes(t *testing.T) {
	for _, c := range sdkCases() {
		var want CloudEvent
		if err := json.Unmarshal(c.handle(t, Structured).Value, &want); err != nil {
			t.Fatal(err)
		}
		wantData, _ := json.Marshal(want.Data)
		for mode, enc := range map[Mode]binding.Encoding{Structured: binding.EncodingStructured, Binary: binding.EncodingBinary} {
			t.Run(c.name+"/"+string(mode), func(t *testing.T) {
				m := c.handle(t, mode)
				checkHeaders(t, mode, m, c.replay)
				ev, got, err := SDKEvent(m)
				if err != nil || got != enc {
					t.Fatalf("SDK read encoding %v (want %v), error %v", got, enc, err)
				}
				if err := ev.Validate(); err != nil {
					t.Fatalf("SDK: invalid event: %v", err)
				}
				if ev.ID() != want.ID || ev.Type() != want.Type || ev.Source() != want.Source || ev.Subject() != want.Subject ||
					ev.SpecVersion() != "1.0" || !ev.Time().Equal(want.Time) || ev.DataSchema() != want.DataSchema ||
					ev.DataContentType() != "application/json" {
					t.Errorf("SDK read attributes\n%s\nwant %+v", ev, want)
				}
				ext := ev.Extensions()
				if ext["triagereplay"] != nilIfEmpty(want.Replay) || ext["supersedes"] != nilIfEmpty(want.Supersedes) || len(ext) != countSet(want.Replay, want.Supersedes) {
					t.Errorf("SDK read extensions %v, want triagereplay %q supersedes %q", ext, want.Replay, want.Supersedes)
				}
				if !jsonEqual(ev.Data(), wantData) {
					t.Errorf("SDK read data\n%s\nwant\n%s", ev.Data(), wantData)
				}
				if c.name == "fallback" && !strings.Contains(string(ev.Data()), `"fallback_reason":"timeout"`) {
					t.Errorf("fallback decision lost its reason: %s", ev.Data())
				}
			})
		}
	}
}

// checkHeaders: structured records carry content-type and no ce_ header;
// binary ones content-type application/json and a ce_ header per
// attribute; both triage-replay on replays, W3C trace context when
// tracing, and nothing else.
func checkHeaders(t *testing.T, mode Mode, m kafka.Message, replay string) {
	t.Helper()
	hs := map[string]string{}
	for _, h := range m.Headers {
		if _, dup := hs[h.Key]; dup {
			t.Errorf("header %s twice", h.Key)
		}
		hs[h.Key] = string(h.Value)
	}
	want := map[string]bool{"content-type": true}
	for _, k := range []string{"traceparent", "tracestate"} {
		if _, ok := hs[k]; ok {
			want[k] = true
		}
	}
	if replay != "" {
		want[HeaderReplay] = hs[HeaderReplay] == replay
	}
	if mode == Structured {
		want["content-type"] = hs["content-type"] == ContentTypeStructured
	} else {
		want["content-type"] = hs["content-type"] == "application/json"
		for _, a := range []string{"specversion", "id", "source", "type", "subject", "time", "dataschema"} {
			want["ce_"+a] = hs["ce_"+a] != ""
		}
	}
	for k, ok := range want {
		if !ok {
			t.Errorf("%s mode: header %s = %q", mode, k, hs[k])
		}
	}
	for k := range hs {
		if _, ok := want[k]; !ok && !(mode == Binary && strings.HasPrefix(k, "ce_")) {
			t.Errorf("%s mode: unexpected header %s: %q", mode, k, hs[k])
		}
	}
}

// Why structured records must not carry ce_type (the layout before issue
// 12): a reader that picks binary mode on any ce_ header, as the Python
// SDK's from_kafka does, decodes such a record as binary, through the SDK's
// own binary path, into an event without id or source. The same reader
// reads today's records as structured, whole and valid.
func TestSDKReadsCETypeHeaderAsBinary(t *testing.T) {
	m := sdkCases()[0].handle(t, Structured)
	old := m
	old.Headers = append([]kafka.Header{{Key: "ce_type", Value: []byte(TypeRouted)}}, m.Headers...)

	ev, enc, err := sdkEventBy(old, ruleAnyCEHeader)
	if enc != binding.EncodingBinary {
		t.Fatalf("record with ce_type read as %v, want binary", enc)
	}
	if err == nil {
		err = ev.Validate()
	}
	if err == nil || !strings.Contains(err.Error(), "id") || !strings.Contains(err.Error(), "source") {
		t.Fatalf("record with ce_type read as binary gave error %v, want id and source missing", err)
	}
	if ev != nil && string(ev.Data()) != string(m.Value) {
		t.Errorf("binary reading took data %q, want the whole envelope", ev.Data())
	}

	ev, enc, err = sdkEventBy(m, ruleAnyCEHeader)
	if err != nil || enc != binding.EncodingStructured {
		t.Fatalf("record without ce_ headers read as %v, error %v", enc, err)
	}
	if err := ev.Validate(); err != nil || ev.Type() != TypeRouted {
		t.Errorf("record without ce_ headers: %v, type %q", err, ev.Type())
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func countSet(ss ...string) int {
	n := 0
	for _, s := range ss {
		if s != "" {
			n++
		}
	}
	return n
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}
