package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode"
)

func writeData(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "records.jsonl")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	liveTicket = `{"ticket_id":"t-1","subject":"Charged twice","body":"My card was\u00a0charged twice.","channel":"chat",` +
		`"customer":{"id":"c-9","email":"a@example.com"},"created_at":"2026-11-01T09:00:00Z","gold":{"queue":"billing"}}`
	liveEmail = `{"message_id":"<x@y>","from":"ann@example.com","to":["orders@shop.example"],"subject":"Order",` +
		`"text":"Please send 2 x Oat milk.","received_at":"2026-11-01T09:00:00Z","gold":{"is_order":true,"items":[{"product":"Oat milk","quantity":2}]}}`
)

// Live records are decoded by the live decoder: the ticket's body is
// normalised, the email's html reduced by decode.VisibleHTMLText (comments,
// hidden elements and markup gone), a raw_mime message's text and Subject
// header read.
func TestLoadLiveFormat(t *testing.T) {
	tickets, err := LoadRoutes(writeData(t, liveTicket+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	in := tickets[0].In
	if tickets[0].ID() != "t-1" || in.Ticket == nil || in.Ticket.Channel != "chat" || in.Ticket.Customer.Email != "a@example.com" ||
		in.RawBody != "My card was\u00a0charged twice." || in.Body != "My card was charged twice." || tickets[0].Legacy {
		t.Errorf("ticket %+v %+v", tickets[0], in.Ticket)
	}

	emails, err := LoadOrders(td + "extract_live.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	h := emails[0]
	if h.ID() != "<h1@shop.example>" || h.Line != 1 || h.In.Email == nil || !strings.HasPrefix(h.In.Email.HTML, "<html>") {
		t.Fatalf("html record %+v", h)
	}
	if want := decode.VisibleHTMLText(h.In.Email.HTML); h.In.RawBody != want || strings.Contains(want, "<") ||
		strings.Contains(want, "Gold Bar") || strings.Contains(want, "Rubber Duck") || !strings.Contains(want, "- 4 x Lantern (LT-4) @ €12.00") {
		t.Errorf("html body %q, want the live decoder's %q, without markup, comments or hidden text", h.In.RawBody, want)
	}
	m := emails[1]
	if m.In.Subject != "Order from the MIME header" || !strings.Contains(m.In.Body, "please send 2 x Oat milk.") || m.Line != 2 {
		t.Errorf("raw_mime record: subject %q body %q", m.In.Subject, m.In.Body)
	}
}

// The legacy envelope is wrapped in an event and decoded the same way.
func TestLoadLegacyFormat(t *testing.T) {
	cs, err := LoadRoutes(writeData(t, "\n{\"body\":\"hi\",\"gold\":{\"queue\":\"a\"}}\n\n  \n{\"id\":\"x\",\"subject\":\"S\",\"gold\":{\"queue\":\"b\"}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].ID() != "line 2" || cs[1].ID() != "x" || !cs[0].Legacy || cs[0].In.Body != "hi" ||
		cs[0].Line != 2 || cs[1].Line != 5 || cs[1].In.Subject != "S" || cs[0].In.Ticket == nil {
		t.Errorf("records %+v", cs)
	}
	os, err := LoadOrders(writeData(t, `{"id":"e","subject":"Order","body":"Please send 2 x Oat milk.","gold":{"is_order":false}}`))
	if err != nil {
		t.Fatal(err)
	}
	if e := os[0].In; e.Kind != processors.KindEmail || e.ID != "e" || e.Email.Text != "Please send 2 x Oat milk." || e.Body != e.Email.Text {
		t.Errorf("email %+v", e)
	}
}

func TestLoadErrors(t *testing.T) {
	route := func(p string) error { _, err := LoadRoutes(p); return err }
	order := func(p string) error { _, err := LoadOrders(p); return err }
	tests := []struct {
		name  string
		load  func(string) error
		text  string
		inErr string // parts separated by "…", in any order
	}{
		{"unknown key in a live ticket", route, "\n" + strings.Replace(liveTicket, `"channel"`, `"label":"x","channel"`, 1),
			`line 2: unknown key "label": a labelled ticket is a ticket.v1.json event (body, channel, created_at, customer, subject, ticket_id) plus "gold"`},
		{"legacy id beside live keys", order, strings.Replace(liveEmail, `"from"`, `"id":"a","from"`, 1), `line 1: unknown key "id"`},
		{"legacy key unknown", route, `{"id":"a","gold":{"queue":"a"},"label":"a"}`, `line 1: unknown key "label"`},
		{"schema: ticket without channel", route, strings.Replace(liveTicket, `"channel":"chat",`, "", 1),
			"line 1: schema_violation: decode: ticket: …channel"},
		{"schema: email field on a ticket", route, strings.Replace(liveTicket, `"channel"`, `"from":"a@b","channel"`, 1), `unknown key "from"`},
		{"raw_mime not base64", order, strings.Replace(liveEmail, `"text":"Please send 2 x Oat milk."`, `"raw_mime":"!!!"`, 1),
			"line 1: schema_violation: decode: email:"},
		{"no gold", route, `{"id":"a","body":"x"}`, `line 1: no "gold"`},
		{"gold of the other task", order, `{"id":"a","gold":{"queue":"a"}}`, `line 1: gold: json: unknown field "queue"`},
		{"truncated", route, "{\"gold\":{\"queue\":\"a\"}}\n{\"gold\":", "line 2:"},
		{"two values", route, `{"gold":{"queue":"a"}} {"gold":{"queue":"b"}}`, "line 1: more than one JSON value"},
		{"not an object", route, `null`, "line 1: not a JSON object"},
		{"no queue", route, `{"id":"a","gold":{}}`, "line 1: gold.queue is missing or empty"},
		{"empty file", route, "\n\n", "no records"},
		{"items without order", order, `{"gold":{"is_order":false,"items":[{"sku":"A-1","quantity":2}]}}`, "is_order is false"},
		{"zero quantity", order, `{"gold":{"is_order":true,"items":[{"sku":"A-1","quantity":0}]}}`, "items[0].quantity 0"},
		{"nameless item", order, `{"gold":{"is_order":true,"items":[{"quantity":1}]}}`, "neither product nor sku"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.load(writeData(t, tt.text))
			for _, part := range strings.Split(tt.inErr, "…") {
				if err == nil || !strings.Contains(err.Error(), part) {
					t.Fatalf("error %v, want one containing %q", err, part)
				}
			}
		})
	}
}

// Every frozen set is in the live format: Load reads each record as an
// event, none through the legacy envelope.
func TestFrozenSetsLoadLive(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/frozen/20*")
	if len(dirs) == 0 {
		t.Fatal("no frozen sets")
	}
	for _, dir := range dirs {
		ts, err := LoadRoutes(filepath.Join(dir, "tickets.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		es, err := LoadOrders(filepath.Join(dir, "emails.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		if countLegacy(ts)+countLegacy(es) != 0 || len(ts) == 0 || len(es) == 0 {
			t.Errorf("%s: %d tickets, %d emails, %d legacy", dir, len(ts), len(es), countLegacy(ts)+countLegacy(es))
		}
	}
}
