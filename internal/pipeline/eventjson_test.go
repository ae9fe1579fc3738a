package pipeline

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/triage/triage/processors"
)

// TestAppendEventIsJSONMarshal: the hand-written encoder makes the bytes
// json.Marshal makes, or fails where it fails, for the check tests' events
// and every edit of them, and for strings, floats and times that need
// encoding/json's escaping and formats.
func TestAppendEventIsJSONMarshal(t *testing.T) {
	var evs []CloudEvent
	for _, base := range []func() CloudEvent{baseRouted, baseOrder} {
		evs = append(evs, base())
		for _, edit := range edits() {
			ev := base()
			edit(&ev)
			evs = append(evs, ev)
		}
	}
	odd := []string{"", "plain", "<b>&amp;</b>", "a<b", "a>b", "a&b", "quote \" and \\ back", "tab\tnew\nline\r", "\x00\x01\x1f\x7f", "\b\f",
		"caf\u00e9", "line\u2028sep\u2029", "\xff\xfebad", "emoji \U0001F600", "~ ascii end"}
	for _, s := range odd[:len(odd):len(odd)] { // the same inside and after words of eight plain bytes
		odd = append(odd, "0123456789abcdef"+s, "01234567"+s+"0123456", "abc"+s+"defghijklmnopq")
	}
	strField := []func(*CloudEvent, string){
		func(e *CloudEvent, s string) { e.SpecVersion = s }, func(e *CloudEvent, s string) { e.ID = s },
		func(e *CloudEvent, s string) { e.Source = s }, func(e *CloudEvent, s string) { e.Type = s },
		func(e *CloudEvent, s string) { e.Subject = s }, func(e *CloudEvent, s string) { e.DataContentType = s },
		func(e *CloudEvent, s string) { e.DataSchema = s }, func(e *CloudEvent, s string) { e.Replay = s },
		func(e *CloudEvent, s string) { e.Supersedes = s }, func(e *CloudEvent, s string) { e.Data.Input.Topic = s },
		func(e *CloudEvent, s string) { e.Data.Input.ID = s }, func(e *CloudEvent, s string) { e.Data.Input.Key = s },
		func(e *CloudEvent, s string) { e.Data.Processor.Name = s }, func(e *CloudEvent, s string) { e.Data.Processor.Version = s },
		func(e *CloudEvent, s string) { e.Data.Provenance.Source = s },
		func(e *CloudEvent, s string) { e.Data.Provenance.FallbackReason = s },
		func(e *CloudEvent, s string) { e.Data.Provenance.EngineVersion = s },
		func(e *CloudEvent, s string) { e.Data.Provenance.Model = s },
		func(e *CloudEvent, s string) { e.Data.Provenance.PromptVersion = s },
	}
	for _, set := range strField {
		for _, s := range odd {
			ev := baseOrder()
			set(&ev, s)
			evs = append(evs, ev)
		}
	}
	floats := []float64{0, math.Copysign(0, -1), 0.1, 0.9, 1, -2.5, 1e-6, 9.99e-7, 1e-7, 123456789.125, 1e20, 1e21, 1.5e300, -3e-9,
		math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1)}
	for _, f := range floats {
		ev := baseRouted()
		ev.Data.Provenance.Confidence = &f
		ev.Data.Provenance.LatencyMS, ev.Data.Provenance.CostUSD = f, f/3
		ev.Data.Provenance.PromptTokens, ev.Data.Provenance.CompletionTokens = 1234, -5
		evs = append(evs, ev)
	}
	zone := time.FixedZone("x", 3600)
	for _, tm := range []time.Time{{}, time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), time.Date(2026, 1, 2, 3, 4, 5, 600000000, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 0, zone), time.Date(2026, 1, 2, 3, 4, 5, 0, time.Local), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)} {
		ev := baseRouted()
		ev.Time = tm
		ts := tm
		ev.Data.Input.Timestamp = &ts
		evs = append(evs, ev)
	}
	for _, d := range []any{&processors.Route{Queue: "billing"}, &processors.Route{Queue: "billing", Matched: []string{}},
		&processors.Route{Queue: "billing", Matched: []string{"refund", "<odd> & \"quoted\"", "caf\u00e9"}},
		&processors.Route{Queue: "\xffbad", Matched: []string{"", "one"}}, (*processors.Route)(nil), processors.Route{Queue: "value"}} {
		ev := baseRouted()
		ev.Data.Decision = d
		evs = append(evs, ev)
	}
	rv := baseOrder()
	rv.Data.Review = &ReviewFlag{Required: true, Reasons: []string{"low_confidence", "<odd>"}}
	rv.Data.Decision = nil
	evs = append(evs, rv)
	for i := range evs {
		want, wantErr := json.Marshal(&evs[i])
		got, err := appendEvent(nil, &evs[i])
		if (err != nil) != (wantErr != nil) || err == nil && !bytes.Equal(got, want) {
			t.Errorf("event %d:\n got %s (err %v)\nwant %s (err %v)", i, got, err, want, wantErr)
		}
	}
	if len(evs) < 300 {
		t.Fatalf("only %d events compared", len(evs))
	}
}

// TestEncodeStructuredIsJSONMarshal: Handle's structured record value is
// json.Marshal of its event.
func TestEncodeStructuredIsJSONMarshal(t *testing.T) {
	ev := baseOrder()
	ev.Data.Provenance = processors.Provenance{Source: "llm", EngineVersion: "e", Model: "m", PromptVersion: "p", LatencyMS: 12.5, PromptTokens: 9, CompletionTokens: 3, CostUSD: 1e-7}
	value, _, err := Structured.encode(&ev)
	want, _ := json.Marshal(&ev)
	if err != nil || !bytes.Equal(value, want) {
		t.Errorf("got %s (%v), want %s", value, err, want)
	}
}
