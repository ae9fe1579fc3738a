// Package decode turns the raw values of input records into the
// processors.Input the engines decide on: the JSON input event checked
// against its schema, an email's body taken from its text, its HTML
// (HTMLToText) or its raw MIME message (TextFromMIME), then cleaned
// (package clean: quoted history, signatures, normalisation). Every input
// error is a failure.BadInput with its dead-letter reason.
package decode

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode/clean"
)

// Decoder turns raw record values into Inputs. Safe for concurrent use.
type Decoder struct {
	MaxBytes int // largest value accepted; 0 = no limit
}

// Decode checks value and turns it into the Input of the given kind.
//
// The checks run in this order, and the first that fails decides the
// dead-letter reason of the returned failure.BadInput error:
//
//  1. len(value) over MaxBytes: failure.TooLarge (nothing else is read);
//  2. empty value: failure.InvalidJSON;
//  3. not valid UTF-8: failure.NotUTF8, naming the first bad byte's offset;
//  4. not exactly one JSON value (syntax error, truncation, trailing data):
//     failure.InvalidJSON, naming the byte offset;
//  5. against the kind's schema (email.v1.json or ticket.v1.json; a value
//     that is not an object fails here), or not fitting Email or Ticket as
//     json.Unmarshal fills them (e.g. a date-time Go cannot parse):
//     failure.SchemaViolation, naming the first place that fails;
//  6. when an email's body comes from its raw_mime (see below), raw_mime
//     that is not base64 or not a parsable message: failure.MalformedMIME
//     (see TextFromMIME).
//
// Steps 4 and 5 are one pass over value into typed structs, with no JSON
// Schema validator and no intermediate document: the checks are the
// schemas' own, written in Go (typed.go), and they accept and reject
// exactly what encoding/json, the JSON Schema and json.Unmarshal together
// did (TestTypedMatchesSchema, FuzzTypedMatchesSchema). Each string of the
// value is copied once, into the Email or Ticket.
//
// The wrapped error's message starts "decode: <kind>: ". An unknown kind
// is a programming error: the error is then not an input error
// (failure.Classify gives failure.ProcessorError).
//
// On success Input has Kind, ID (message_id or ticket_id), Subject, Body,
// RawBody and the Email or Ticket set. A ticket's RawBody is its body, and
// its Body that body normalised by clean.Normalize. An email's RawBody is its
// text when that is not blank and not a stub beside the html (stubText:
// "see the HTML version"), else its html reduced to its visible text
// (VisibleHTMLText: HTMLToText without comments and hidden elements) when
// that leaves some text, else the text of its raw_mime message (see
// TextFromMIME); in that last case a blank subject is replaced by the
// message's Subject header. An email's Body is clean.Clean's New of its
// RawBody: normalised, without quoted history and signature (a forwarded
// message kept when the sender's own text only points at it). Body is
// always valid UTF-8. An email's Quoted is the quoted context a reply may
// refer to: clean.Context of the quoted history, at most MaxQuotedBytes.
//
// An email's Input also has IDKey "msgid:" + message_id (so a redelivered
// message gets the same event id), Cleaning (the character counts before and
// after cleaning, and the raw_mime message's attachments, metadata only)
// and Thread (message_id, and in_reply_to and references from the JSON, or
// else from the raw_mime message's In-Reply-To and References headers when
// raw_mime was read). raw_mime is read only when text and html leave no
// body.
func (d *Decoder) Decode(kind processors.Kind, value []byte) (processors.Input, error) {
	return d.decode(kind, value, typed)
}

// A parser reads a value, valid UTF-8, as an Email (kind email) or a
// Ticket; its error is a syntaxError or a schema violation. typed is the
// service's; the tests' reference parser runs the JSON Schemas instead.
type parser func(kind processors.Kind, value []byte) (*processors.Email, *processors.Ticket, error)

func typed(kind processors.Kind, value []byte) (*processors.Email, *processors.Ticket, error) {
	if kind == processors.KindTicket {
		t, err := decodeTicket(value)
		return nil, t, err
	}
	e, err := decodeEmail(value)
	return e, nil, err
}

func (d *Decoder) decode(kind processors.Kind, value []byte, parse parser) (processors.Input, error) {
	if kind != processors.KindEmail && kind != processors.KindTicket {
		return processors.Input{}, fmt.Errorf("decode: unknown kind %q", kind)
	}
	bad := func(r failure.Reason, format string, args ...any) error {
		return failure.BadInput(r, fmt.Errorf("decode: %s: "+format, append([]any{kind}, args...)...))
	}
	switch {
	case d.MaxBytes > 0 && len(value) > d.MaxBytes:
		return processors.Input{}, bad(failure.TooLarge, "value of %d bytes is over the limit of %d", len(value), d.MaxBytes)
	case len(value) == 0:
		return processors.Input{}, bad(failure.InvalidJSON, "empty value")
	case !utf8.Valid(value):
		return processors.Input{}, bad(failure.NotUTF8, "invalid UTF-8 at byte offset %d", invalidUTF8At(value))
	}
	e, t, err := parse(kind, value)
	if err != nil {
		if errors.As(err, new(syntaxError)) {
			return processors.Input{}, bad(failure.InvalidJSON, "%w", err)
		}
		return processors.Input{}, bad(failure.SchemaViolation, "%w", err)
	}
	if t != nil {
		return processors.Input{Kind: kind, ID: t.TicketID, Subject: t.Subject, Body: clean.Normalize(t.Body), RawBody: t.Body, Ticket: t}, nil
	}
	in := processors.Input{Kind: kind, ID: e.MessageID, Subject: e.Subject, Email: e, IDKey: "msgid:" + e.MessageID,
		Thread: &processors.Thread{MessageID: e.MessageID, InReplyTo: e.InReplyTo, References: e.References}}
	switch text := strings.TrimSpace(e.Text); {
	case text != "" && (e.HTML == "" || len(text) > maxStubBytes):
		in.RawBody = e.Text
	case e.HTML != "":
		in.RawBody = VisibleHTMLText(e.HTML)
		if text != "" && !stubText(text, in.RawBody) {
			in.RawBody = e.Text
		}
	}
	var atts []processors.Attachment
	if in.RawBody == "" && strings.TrimSpace(e.RawMIME) != "" {
		raw, err := decodeBase64([]byte(e.RawMIME))
		if err != nil {
			return processors.Input{}, bad(failure.MalformedMIME, "raw_mime: %w", err)
		}
		m, err := parseMIME(raw)
		if err != nil {
			return processors.Input{}, bad(failure.MalformedMIME, "raw_mime: %w", err)
		}
		if strings.TrimSpace(in.Subject) == "" {
			in.Subject = m.subject
		}
		if in.Thread.InReplyTo == "" && len(in.Thread.References) == 0 {
			in.Thread.InReplyTo, in.Thread.References = m.inReplyTo, m.references
		}
		in.RawBody, atts = m.body, m.attachments
	}
	applyCleaning(&in, atts)
	return in, nil
}

// invalidUTF8At is the offset of the first byte of b that is not part of a
// valid UTF-8 sequence, or len(b).
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}
