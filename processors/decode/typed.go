package decode

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/schemas"
)

// The input schemas as Go: each field is its schema's property, with its
// type, length and format bounds (schemas/ticket.v1.json,
// schemas/email.v1.json). TestTypedMatchesSchema runs these and the JSON
// Schemas over every corpus and mutation we have and requires the same
// verdicts; FuzzTypedMatchesSchema keeps looking.
var (
	ticketFields = []field[processors.Ticket]{
		{name: "ticket_id", read: func(s *scanner, t *processors.Ticket, p string) (error, error) {
			return text(s, &t.TicketID, p, 1, 256)
		}},
		{name: "subject", read: func(s *scanner, t *processors.Ticket, p string) (error, error) { return text(s, &t.Subject, p, 0, 998) }},
		{name: "body", read: func(s *scanner, t *processors.Ticket, p string) (error, error) { return text(s, &t.Body, p, 0, 0) }},
		{name: "channel", read: func(s *scanner, t *processors.Ticket, p string) (error, error) { return text(s, &t.Channel, p, 1, 64) }},
		{name: "customer", read: func(s *scanner, t *processors.Ticket, p string) (error, error) {
			_, se, te := members(s, &t.Customer, p, customerFields, customerRequired)
			return se, te
		}},
		{name: "created_at", read: func(s *scanner, t *processors.Ticket, p string) (error, error) { return moment(s, &t.CreatedAt, p) }},
	}
	ticketRequired = []string{"ticket_id", "subject", "body", "channel", "customer", "created_at"}

	customerFields = at("customer", []field[processors.Customer]{
		{name: "id", read: func(s *scanner, c *processors.Customer, p string) (error, error) { return text(s, &c.ID, p, 1, 256) }},
		{name: "email", read: func(s *scanner, c *processors.Customer, p string) (error, error) { return text(s, &c.Email, p, 0, 998) }},
	})
	customerRequired = []string{"id"}

	emailFields = []field[processors.Email]{
		{name: "message_id", read: func(s *scanner, e *processors.Email, p string) (error, error) {
			return text(s, &e.MessageID, p, 1, 998)
		}},
		{name: "from", read: func(s *scanner, e *processors.Email, p string) (error, error) { return text(s, &e.From, p, 3, 998) }},
		{name: "to", read: func(s *scanner, e *processors.Email, p string) (error, error) {
			return texts(s, &e.To, p, 1, 0, 3, 998)
		}},
		{name: "subject", read: func(s *scanner, e *processors.Email, p string) (error, error) { return text(s, &e.Subject, p, 0, 998) }},
		{name: "text", read: func(s *scanner, e *processors.Email, p string) (error, error) { return text(s, &e.Text, p, 0, 0) }},
		{name: "html", read: func(s *scanner, e *processors.Email, p string) (error, error) { return text(s, &e.HTML, p, 0, 0) }},
		{name: "raw_mime", read: rawMIME},
		{name: "received_at", read: func(s *scanner, e *processors.Email, p string) (error, error) { return moment(s, &e.ReceivedAt, p) }},
		{name: "in_reply_to", read: func(s *scanner, e *processors.Email, p string) (error, error) {
			return text(s, &e.InReplyTo, p, 1, 998)
		}},
		{name: "references", read: func(s *scanner, e *processors.Email, p string) (error, error) {
			return texts(s, &e.References, p, 0, 100, 1, 998)
		}},
	}
	emailRequired = []string{"message_id", "from", "to", "subject", "received_at"}
	// emailBody: at least one of text, html and raw_mime (the schema's anyOf).
	emailBody uint32 = 1<<4 | 1<<5 | 1<<6
)

// rawMIME reads raw_mime: base64 text, its pattern ^[A-Za-z0-9+/=\r\n]*$
// (the decoding itself is checked later: failure.MalformedMIME).
func rawMIME(s *scanner, e *processors.Email, p string) (error, error) {
	se, te := text(s, &e.RawMIME, p, 0, 0)
	if se == nil && te == nil {
		if i := strings.IndexFunc(e.RawMIME, notBase64); i >= 0 {
			se = violation(p, "character %q at %d does not match ^[A-Za-z0-9+/=\\r\\n]*$", e.RawMIME[i], i)
		}
	}
	return se, te
}

func notBase64(r rune) bool {
	return !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' ||
		r == '+' || r == '/' || r == '=' || r == '\r' || r == '\n')
}

// syntaxError marks a document that is not exactly one JSON value
// (failure.InvalidJSON); any other error of decodeTicket and decodeEmail
// breaks the schema (failure.SchemaViolation).
type syntaxError struct{ error }

// decodeTicket reads value, valid UTF-8, as a ticket: accepted exactly
// when the schema path accepts it (encoding/json, then ticket.v1.json,
// then json.Unmarshal into processors.Ticket), into the same Ticket. The
// Ticket is never nil (the Input holds it: one allocation, not a copy).
func decodeTicket(value []byte) (*processors.Ticket, error) {
	t := new(processors.Ticket)
	s := scanner{b: value}
	_, se, te := members(&s, t, "", ticketFields, ticketRequired)
	return t, verdict(&s, schemas.Ticket, se, te)
}

// decodeEmail is decodeTicket for emails (email.v1.json).
func decodeEmail(value []byte) (*processors.Email, error) {
	e := new(processors.Email)
	s := scanner{b: value}
	seen, se, te := members(&s, e, "", emailFields, emailRequired)
	if se == nil && te == nil && seen&emailBody == 0 {
		se = violation("", "want one of text, html or raw_mime")
	}
	return e, verdict(&s, schemas.Email, se, te)
}

// verdict ends the document: a syntax error anywhere wins over a schema
// violation, as the schema is only checked on a parsed document.
func verdict(s *scanner, schema string, se, te error) error {
	if s.end(); s.err != nil {
		if len(bytes.TrimLeft(s.b, " \t\r\n")) == 0 {
			return syntaxError{errors.New("no JSON value, only whitespace")}
		}
		return syntaxError{s.err}
	}
	if se == nil {
		se = te
	}
	if se != nil {
		return fmt.Errorf("%s: %w", schema, se)
	}
	return nil
}
