package decode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/schemas"
)

// bySchema is the reference parser, the service's own before the typed
// one: encoding/json reads the document, the JSON Schema checks it, then
// json.Unmarshal fills the Email or Ticket. The typed parser must agree
// with it on every value.
func bySchema(sch *schemas.Set) parser {
	return func(kind processors.Kind, value []byte) (*processors.Email, *processors.Ticket, error) {
		doc, err := parseJSON(value)
		if err != nil {
			return nil, nil, syntaxError{err}
		}
		name := schemas.Email
		if kind == processors.KindTicket {
			name = schemas.Ticket
		}
		if err := sch.Validate(name, doc); err != nil {
			return nil, nil, err
		}
		if kind == processors.KindTicket {
			var t processors.Ticket
			if err := json.Unmarshal(value, &t); err != nil {
				return nil, nil, fmt.Errorf("unmarshal: %w", err)
			}
			return nil, &t, nil
		}
		var e processors.Email
		if err := json.Unmarshal(value, &e); err != nil {
			return nil, nil, fmt.Errorf("unmarshal: %w", err)
		}
		return &e, nil, nil
	}
}

// parseJSON decodes exactly one JSON value, numbers as json.Number (the form
// schemas.Set.Validate expects).
func parseJSON(value []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(value))
	dec.UseNumber()
	var doc any
	err := dec.Decode(&doc)
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		return nil, errors.New("no JSON value, only whitespace")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fmt.Errorf("invalid JSON at byte offset %d: unexpected end of input", len(value))
	case errors.As(err, &se):
		return nil, fmt.Errorf("invalid JSON at byte offset %d: %s", max(se.Offset-1, 0), se.Error())
	case err != nil:
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	end := dec.InputOffset()
	rest := bytes.TrimLeft(value[end:], " \t\r\n")
	if len(rest) > 0 {
		return nil, fmt.Errorf("invalid JSON at byte offset %d: data after the top-level value", len(value)-len(rest))
	}
	return doc, nil
}
