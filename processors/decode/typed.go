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
		{"ticket_id", func(s *scanner, t *processors.Ticket, p string) (error, error) {
			return text(s, &t.TicketID, p, 1, 256)
		}},
		{"subject", func(s *scanner, t *processors.Ticket, p string) (error, error) { return text(s, &t.Subject, p, 0, 998) }},
		{"body", func(s *scanner, t *processors.Ticket, p string) (error, error) { return text(s, &t.Body, p, 0, 0) }},
		{"channel", func(s *scanner, t *processors.Ticket, p string) (error, error) { return text(s, &t.Channel, p, 1, 64) }},
		{"customer", func(s *scanner, t *processors.Ticket, p string) (error, error) {
			_, se, te := members(s, &t.Customer, p, customerFields, customerRequired)
			return se, te
		}},
		{"created_at", func(s *scanner, t *processors.Ticket, p string) (error, error) { return moment(s, &t.CreatedAt, p) }},
	}
	ticketRequired = []string{"ticket_id", "subject", "body", "channel", "customer", "created_at"}

	customerFields = []field[processors.Customer]{
		{"id", func(s *scanner, c *processors.Customer, p string) (error, error) { return text(s, &c.ID, p, 1, 256) }},
		{"email", func(s *scanner, c *processors.Customer, p string) (error, error) { return text(s, &c.Email, p, 0, 998) }},
	}
	customerRequired = []string{"id"}

	emailFields = []field[processors.Email]{
		{"message_id", func(s *scanner, e *processors.Email, p string) (error, error) {
			return text(s, &e.MessageID, p, 1, 998)
		}},
		{"from", func(s *scanner, e *processors.Email, p string) (error, error) { return text(s, &e.From, p, 3, 998) }},
		{"to", func(s *scanner, e *processors.Email, p string) (error, error) {
			return texts(s, &e.To, p, 1, 0, 3, 998)
		}},
		{"subject", func(s *scanner, e *processors.Email, p string) (error, error) { return text(s, &e.Subject, p, 0, 998) }},
		{"text", func(s *scanner, e *processors.Email, p string) (error, error) { return text(s, &e.Text, p, 0, 0) }},
		{"html", func(s *scanner, e *processors.Email, p string) (error, error) { return text(s, &e.HTML, p, 0, 0) }},
		{"raw_mime", rawMIME},
		{"received_at", func(s *scanner, e *processors.Email, p string) (error, error) { return moment(s, &e.ReceivedAt, p) }},
		{"in_reply_to", func(s *scanner, e *processors.Email, p string) (error, error) {
			return text(s, &e.InReplyTo, p, 1, 998)
		}},
		{"references", func(s *scanner, e *processors.Email, p string) (error, error) {
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
// then json.Unmarshal into processors.Ticket), into the same Ticket.
func decodeTicket(value []byte) (processors.Ticket, error) {
	var t processors.Ticket
	s := scanner{b: value}
	_, se, te := members(&s, &t, "", ticketFields, ticketRequired)
	return t, verdict(&s, schemas.Ticket, se, te)
}

// decodeEmail is decodeTicket for emails (email.v1.json).
func decodeEmail(value []byte) (processors.Email, error) {
	var e processors.Email
	s := scanner{b: value}
	seen, se, te := members(&s, &e, "", emailFields, emailRequired)
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
