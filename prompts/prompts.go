// Package prompts holds the versioned prompt templates of the LLM engine,
// embedded in the binary and parsed at start (a broken template fails the
// process before it consumes anything).
//
// A template's ID is "<name>-<version>-<hash>", the hash being the first 8
// hex digits of the SHA-256 of its text: any edit changes the ID, which goes
// into every output event (provenance.prompt_version) and every cache key,
// so a changed prompt never serves answers cached for the old one.
package prompts

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"strings"
	"text/template"
)

//go:embed *.tmpl
var files embed.FS

// Task names.
const (
	Route   = "route"
	Extract = "extract"
)

// Current versions, one per task.
var current = map[string]string{Route: "v2", Extract: "v2"}

// Markers around untrusted text. Any occurrence of them inside the text is
// neutralised before rendering, so the text cannot close its own block.
const (
	Open  = "<<<CUSTOMER_TEXT"
	Close = "CUSTOMER_TEXT>>>"
	// QuotedOpen and QuotedClose delimit the quoted context (Vars.Quoted).
	QuotedOpen  = "<<<QUOTED_CONTEXT"
	QuotedClose = "QUOTED_CONTEXT>>>"
	// CatalogOpen and CatalogClose delimit the catalog candidates
	// (Vars.Catalog).
	CatalogOpen  = "<<<CATALOG"
	CatalogClose = "CATALOG>>>"
)

// Template is one parsed prompt.
type Template struct {
	Name, Version, Hash string
	tmpl                *template.Template
}

// ID is the stable version id of the template.
func (t *Template) ID() string { return t.Name + "-" + t.Version + "-" + t.Hash }

// Message is one chat message.
type Message struct {
	Role    string // "system" or "user"
	Content string
}

// Vars are what a template may use. Subject, Body and Quoted are untrusted.
type Vars struct {
	Queues   []string
	Fallback string
	// Descriptions say what each queue is for (the rules file's
	// router.descriptions, written by the operator, so trusted); route v2
	// lists them beside the queue names. A queue without one is listed bare.
	Descriptions map[string]string
	Subject      string
	Body         string
	// Quoted is the quoted context of a reply (processors.Input.Quoted);
	// extract v2 renders it in its own delimited section, when not empty.
	Quoted string
	// Catalog lists the catalog entries the email may mention, one line
	// each (rules.catalog's top candidates for the email, not the whole
	// catalog); extract v2 renders them in a delimited section, when any.
	Catalog []string
}

// Load parses the current template of task.
func Load(task string) (*Template, error) {
	v, ok := current[task]
	if !ok {
		return nil, fmt.Errorf("prompts: unknown task %q", task)
	}
	return LoadVersion(task, v)
}

// LoadVersion parses a given version of a task's template.
func LoadVersion(task, version string) (*Template, error) {
	name := task + "." + version + ".tmpl"
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("prompts: %s: %w", name, err)
	}
	t, err := template.New(name).Option("missingkey=error").Parse(string(data))
	if err != nil {
		return nil, fmt.Errorf("prompts: parse %s: %w", name, err)
	}
	for _, part := range []string{"system", "user"} {
		if t.Lookup(part) == nil {
			return nil, fmt.Errorf("prompts: %s lacks {{define %q}}", name, part)
		}
	}
	sum := sha256.Sum256(data)
	return &Template{Name: task, Version: version, Hash: hex.EncodeToString(sum[:4]), tmpl: t}, nil
}

// Render fills the template. Untrusted text is cleaned of the markers; the
// system message carries the instructions, the user message the data.
func (t *Template) Render(v Vars) ([]Message, error) {
	data := struct {
		Vars
		Open, Close, QuotedOpen, QuotedClose, CatalogOpen, CatalogClose string
	}{Vars: v, Open: Open, Close: Close, QuotedOpen: QuotedOpen, QuotedClose: QuotedClose, CatalogOpen: CatalogOpen, CatalogClose: CatalogClose}
	data.Subject = neutralise(v.Subject)
	data.Body = neutralise(v.Body)
	data.Quoted = neutralise(v.Quoted)
	data.Catalog = make([]string, len(v.Catalog))
	for i, c := range v.Catalog {
		data.Catalog[i] = neutralise(c)
	}
	var out []Message
	for _, part := range []string{"system", "user"} {
		var b bytes.Buffer
		if err := t.tmpl.ExecuteTemplate(&b, part, data); err != nil {
			return nil, fmt.Errorf("prompts: render %s/%s: %w", t.ID(), part, err)
		}
		out = append(out, Message{Role: part, Content: b.String()})
	}
	return out, nil
}

var markerReplacer = strings.NewReplacer(Open, "<<<customer_text", Close, "customer_text>>>", "<<<", "‹‹‹", ">>>", "›››")

func neutralise(s string) string { return markerReplacer.Replace(s) }
