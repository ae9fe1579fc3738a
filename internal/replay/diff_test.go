package replay

import (
	"encoding/json"
	"strings"
	"testing"
)

const (
	typeRouted = "triage.ticket.routed.v1"
	typeOrder  = "triage.email.order_extracted.v1"
)

func TestFieldsAndSameDecision(t *testing.T) {
	for _, tc := range []struct {
		name, typ, a, b string
		fields          map[string]string
		same            bool
	}{
		{"route ignores matched", typeRouted, `{"queue":"billing","matched":["x"]}`, `{"queue":"billing"}`, map[string]string{"route.queue": "billing"}, true},
		{"route queue changed", typeRouted, `{"queue":"billing"}`, `{"queue":"technical"}`, map[string]string{"route.queue": "billing"}, false},
		{"order buckets", typeOrder, `{"is_order":true,"currency":"EUR","items":[{"product":"a","quantity":1},{"product":"b","quantity":2}]}`,
			`{"currency":"EUR","is_order":true,"items":[{"quantity":1,"product":"a"},{"product":"b","quantity":2}]}`,
			map[string]string{"extract.is_order": "true", "extract.items": "2-3", "extract.currency": "EUR"}, true},
		{"order quantity changed", typeOrder, `{"is_order":true,"items":[{"product":"a","quantity":1}]}`, `{"is_order":true,"items":[{"product":"a","quantity":3}]}`,
			map[string]string{"extract.is_order": "true", "extract.items": "1", "extract.currency": "none"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fields(tc.typ, json.RawMessage(tc.a))
			for k, v := range tc.fields {
				if f[k] != v {
					t.Errorf("fields[%s] = %q, want %q (%v)", k, f[k], v, f)
				}
			}
			if got := sameDecision(tc.typ, json.RawMessage(tc.a), json.RawMessage(tc.b)); got != tc.same {
				t.Errorf("sameDecision = %v, want %v", got, tc.same)
			}
		})
	}
}

func TestDiffReport(t *testing.T) {
	d := NewDiff()
	old := Earlier{ID: "old1", Type: typeRouted, InputID: "T-1", Decision: json.RawMessage(`{"queue":"billing"}`)}
	if !d.Add(Coord{"in", 0, 1}, old, true, "new1", json.RawMessage(`{"queue":"technical"}`)) {
		t.Error("billing → technical not reported as a change")
	}
	if d.Add(Coord{"in", 0, 2}, old, true, "new2", json.RawMessage(`{"queue":"billing"}`)) {
		t.Error("billing → billing reported as a change")
	}
	d.Add(Coord{"in", 0, 3}, Earlier{}, false, "new3", json.RawMessage(`{"queue":"billing"}`))
	var b strings.Builder
	d.Print(&b)
	out := b.String()
	for _, want := range []string{"2 compared, 1 changed (50.0%), 1 without an earlier event", "route.queue", "billing        → technical", "= billing", "in/0/1 id=T-1 event old1 → new1 route.queue: billing→technical"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestEarlierFallback(t *testing.T) {
	for _, tc := range []struct {
		source, reason string
		want           bool
	}{{"rules", "breaker_open", true}, {"rules", "upstream_error", true}, {"rules", "low_confidence", true},
		{"rules", "llm_disabled", false}, {"rules", "", false}, {"llm", "", false}, {"cache", "", false}} {
		if got := (Earlier{Source: tc.source, FallbackReason: tc.reason}).Fallback(); got != tc.want {
			t.Errorf("%s/%s fallback = %v, want %v", tc.source, tc.reason, got, tc.want)
		}
	}
}
