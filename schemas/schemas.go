// Package schemas holds the JSON Schemas (draft 2020-12) of every event triage
// reads or writes. They are embedded in the binary and compiled once by Load;
// a schema that does not compile fails the process at start, never later.
package schemas

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

var printer = message.NewPrinter(language.English)

// Schema file names, also the last element of each schema's $id.
const (
	Email        = "email.v1.json"
	Ticket       = "ticket.v1.json"
	TicketRouted = "ticket.routed.v1.json"
	EmailOrder   = "email.order_extracted.v1.json"
	DeadLetter   = "dlq.v1.json"
	// ReviewTask is a decision awaiting review (topics.review); Correction
	// is a person's verdict on one (topics.corrections).
	ReviewTask = "review.task.v1.json"
	Correction = "correction.v1.json"
	// Answer formats the LLM must follow (strict structured output).
	LLMRouteAnswer   = "llm.route.answer.v1.json"
	LLMExtractAnswer = "llm.extract.answer.v1.json"
	common           = "common.v1.json"
	baseURL          = "https://github.com/triage/triage/schemas/"
	maxErrorBytes    = 1024
)

// MaxOrderItems is the maxItems of data.decision.items in EmailOrder: the
// most items an order event carries. Extractors cut a longer order to it and
// say so (decision.truncated, decision.items_total); a test keeps it equal to
// the schema's value.
const MaxOrderItems = 200

//go:embed *.json
var files embed.FS

// URL is the $id of the named schema, used as a CloudEvent's dataschema.
// The URLs of the output schemas are constants (every event asks twice).
func URL(name string) string {
	switch name {
	case TicketRouted:
		return baseURL + TicketRouted
	case EmailOrder:
		return baseURL + EmailOrder
	case ReviewTask:
		return baseURL + ReviewTask
	}
	return baseURL + name
}

// Raw returns the bytes of the named schema file.
func Raw(name string) ([]byte, error) { return files.ReadFile(name) }

// Set is the compiled schemas. It is safe for concurrent use.
type Set struct {
	compiled map[string]*jsonschema.Schema
}

// Load compiles every embedded schema, asserting formats (date-time, uri).
func Load() (*Set, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	names, err := fs.Glob(files, "*.json")
	if err != nil {
		return nil, fmt.Errorf("schemas: list: %w", err)
	}
	sort.Strings(names)
	for _, n := range names {
		data, _ := files.ReadFile(n)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("schemas: parse %s: %w", n, err)
		}
		if err := c.AddResource(URL(n), doc); err != nil {
			return nil, fmt.Errorf("schemas: add %s: %w", n, err)
		}
	}
	s := &Set{compiled: make(map[string]*jsonschema.Schema, len(names))}
	for _, n := range names {
		if n == common {
			continue
		}
		sch, err := c.Compile(URL(n))
		if err != nil {
			return nil, fmt.Errorf("schemas: compile %s: %w", n, err)
		}
		s.compiled[n] = sch
	}
	return s, nil
}

// ErrUnknown is returned for a schema name that is not embedded.
var ErrUnknown = errors.New("schemas: unknown schema")

// ValidateJSON checks a JSON document against the named schema. The error
// names the failing locations; it is bounded in size so it can go into a
// dead-letter envelope as is.
func (s *Set) ValidateJSON(name string, data []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("schemas: %s: not JSON: %w", name, err)
	}
	return s.Validate(name, doc)
}

// Validate checks an already decoded document (as produced by
// jsonschema.UnmarshalJSON or encoding/json with UseNumber) against the
// named schema.
func (s *Set) Validate(name string, doc any) error {
	sch, ok := s.compiled[name]
	if !ok {
		return fmt.Errorf("%w %q", ErrUnknown, name)
	}
	if err := sch.Validate(doc); err != nil {
		msg := err.Error()
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			msg = flatten(ve)
		}
		if len(msg) > maxErrorBytes {
			msg = msg[:maxErrorBytes] + "…"
		}
		return fmt.Errorf("schemas: %s: %s", name, msg)
	}
	return nil
}

// flatten lists the leaf causes of a validation error, one per location.
func flatten(ve *jsonschema.ValidationError) string {
	var b bytes.Buffer
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			if b.Len() > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "at /%s: %s", joinPtr(e.InstanceLocation), e.ErrorKind.LocalizedString(printer))
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return b.String()
}

func joinPtr(parts []string) string {
	var b bytes.Buffer
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(p)
	}
	return b.String()
}
