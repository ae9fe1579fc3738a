package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode"
	"github.com/triage/triage/schemas"
)

// Labelled is one labelled record of a data file: the input event decoded
// by the live decoder, exactly as the service would decide on it, and its
// gold label.
type Labelled[G any] struct {
	Line int              // 1-based line of the file
	In   processors.Input // decode.Decoder.Decode of the event
	Gold G
	// Legacy says the line was in the legacy {"id","subject","body","gold"}
	// envelope (see Load).
	Legacy bool
}

// ID is the record's input id (ticket_id or message_id).
func (l Labelled[G]) ID() string { return l.In.ID }

// maxLine bounds one JSONL line (an email with a long body or raw_mime).
const maxLine = 16 << 20

// legacyKeys are the keys of the legacy envelope.
var legacyKeys = []string{"body", "gold", "id", "subject"}

// Fixed fields of the event a legacy line is wrapped in.
const (
	legacyTime    = "2000-01-01T00:00:00Z"
	legacyChannel = "eval"
	legacyFrom    = "eval@example.invalid"
	legacyTo      = "triage@example.invalid"
)

// Load reads the labelled records of the JSONL file at path, one a line,
// for inputs of kind (tickets for routing, emails for extraction). Blank
// lines are skipped; an empty file is an error.
//
// A line is an input event exactly as it arrives on its topic (the fields of
// schemas/ticket.v1.json or email.v1.json, html and raw_mime included) plus
// "gold". Without "gold", with any other key, or when the event fails the
// live decoder (decode.Decoder.Decode: schema, UTF-8, raw_mime, ...), Load
// fails naming the file, the line and the key or the decoder's reason. The
// gold is decoded strictly (an unknown key is an error) and then given to
// check.
//
// Legacy: a line whose keys are all among "id", "subject", "body" and
// "gold" is the old envelope. It is wrapped in an event of kind with fixed
// channel, customer, addresses and times (ticket_id or message_id = id, or
// "line N" without one; an email's text = body) and decoded by the same
// decoder, so it scores as before. New sets use the live format.
func Load[G any](path string, kind processors.Kind, check func(G) error) ([]Labelled[G], error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	var out []Labelled[G]
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		rec, err := parseLine[G](decoder, kind, line, n, check)
		if err != nil {
			return nil, fmt.Errorf("eval: %s line %d: %w", path, n, err)
		}
		out = append(out, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("eval: %s: no records", path)
	}
	return out, nil
}

// parseLine decodes one non-blank line (line number n).
func parseLine[G any](d *decode.Decoder, kind processors.Kind, line []byte, n int, check func(G) error) (Labelled[G], error) {
	rec := Labelled[G]{Line: n}
	dec := json.NewDecoder(bytes.NewReader(line))
	var obj map[string]json.RawMessage
	if err := dec.Decode(&obj); err != nil {
		return rec, err
	}
	if dec.More() {
		return rec, errors.New("more than one JSON value on the line")
	}
	if obj == nil {
		return rec, errors.New("not a JSON object")
	}
	gold, ok := obj["gold"]
	if !ok {
		return rec, errors.New(`no "gold"`)
	}
	delete(obj, "gold")
	gd := json.NewDecoder(bytes.NewReader(gold))
	gd.DisallowUnknownFields()
	if err := gd.Decode(&rec.Gold); err != nil {
		return rec, fmt.Errorf("gold: %w", err)
	}
	if err := check(rec.Gold); err != nil {
		return rec, err
	}
	keys := sortedKeys(obj)
	rec.Legacy = isLegacy(keys)
	event := line
	if rec.Legacy {
		event = legacyEvent(kind, obj, n)
	} else {
		fields, err := eventFields(kind)
		if err != nil {
			return rec, err
		}
		if k := unknownKey(keys, fields); k != "" {
			return rec, fmt.Errorf("unknown key %q: a labelled %s is a %s event (%s) plus \"gold\"",
				k, kind, schemaOf(kind), strings.Join(fields, ", "))
		}
		event, _ = json.Marshal(obj)
	}
	in, err := d.Decode(kind, event)
	if err != nil {
		return rec, err
	}
	rec.In = in
	return rec, nil
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// unknownKey returns the first of keys that is not in fields, preferring
// one that is no legacy key either, or "".
func unknownKey(keys, fields []string) string {
	first := ""
	for _, k := range keys {
		switch {
		case slices.Contains(fields, k):
		case !slices.Contains(legacyKeys, k):
			return k
		case first == "":
			first = k
		}
	}
	return first
}

func isLegacy(keys []string) bool {
	for _, k := range keys {
		if !slices.Contains(legacyKeys, k) {
			return false
		}
	}
	return true
}

// legacyEvent wraps a legacy line's id, subject and body in an event.
func legacyEvent(kind processors.Kind, obj map[string]json.RawMessage, n int) []byte {
	str := func(k string) string {
		var s string
		_ = json.Unmarshal(obj[k], &s) // a non-string fails the schema below as ""
		return s
	}
	id := str("id")
	if id == "" {
		id = fmt.Sprintf("line %d", n)
	}
	var ev map[string]any
	if kind == processors.KindTicket {
		ev = map[string]any{"ticket_id": id, "subject": str("subject"), "body": str("body"), "channel": legacyChannel,
			"customer": map[string]string{"id": legacyChannel}, "created_at": legacyTime}
	} else {
		ev = map[string]any{"message_id": id, "from": legacyFrom, "to": []string{legacyTo}, "subject": str("subject"),
			"text": str("body"), "received_at": legacyTime}
	}
	b, _ := json.Marshal(ev)
	return b
}

func schemaOf(kind processors.Kind) string {
	if kind == processors.KindTicket {
		return schemas.Ticket
	}
	return schemas.Email
}

var (
	fieldsOnce sync.Map // kind -> []string
)

// eventFields lists the properties of kind's input schema, sorted.
func eventFields(kind processors.Kind) ([]string, error) {
	if v, ok := fieldsOnce.Load(kind); ok {
		return v.([]string), nil
	}
	raw, err := schemas.Raw(schemaOf(kind))
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	var doc struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", schemaOf(kind), err)
	}
	fields := sortedKeys(doc.Properties)
	fieldsOnce.Store(kind, fields)
	return fields, nil
}
