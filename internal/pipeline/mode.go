package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/segmentio/kafka-go"
)

// Mode is the content mode of the CloudEvents Kafka protocol binding in
// which events are published (config events.mode).
type Mode string

const (
	// Structured: the record value is the whole event in JSON; the only
	// CloudEvents header is content-type (ContentTypeStructured), and no
	// header starts with ce_, so SDKs that pick binary mode when they see a
	// ce_ header (the Python SDK's from_kafka) read it as structured.
	Structured Mode = "structured"
	// Binary: the record value is the event's data, content-type is its
	// datacontenttype (application/json) and every other attribute,
	// extensions included, is a ce_<name> header.
	Binary Mode = "binary"
)

const (
	// ContentTypeStructured is the content-type header of a structured event.
	ContentTypeStructured = "application/cloudevents+json; charset=UTF-8"
	headerContentType     = "content-type"
	headerPrefix          = "ce_"
)

// structuredType is ContentTypeStructured as a header value, shared by
// every structured record: never written.
var structuredType = []byte(ContentTypeStructured)

// ParseMode returns the Mode named s; empty is Structured.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case "", Structured:
		return Structured, nil
	case Binary:
		return Binary, nil
	}
	return "", fmt.Errorf("pipeline: events.mode %q: set structured or binary", s)
}

// encode lays out ev in mode m: the record value and its CloudEvents
// headers. Each part is JSON-encoded once: the whole event in structured
// mode; in binary mode its data, the other attributes going to headers as
// their JSON string values (time as RFC 3339 with nanoseconds), in the
// order of their names.
func (m Mode) encode(ev *CloudEvent) ([]byte, []kafka.Header, error) {
	if m != Binary {
		value, err := encodeEvent(ev)
		if err != nil {
			return nil, nil, fmt.Errorf("pipeline: encode event: %w", err)
		}
		// Room for the replay and trace headers, which come later.
		headers := append(make([]kafka.Header, 0, 4), kafka.Header{Key: headerContentType, Value: structuredType})
		return value, headers, nil
	}
	d := ev.Data // a copy: ev itself stays off the heap (Handle's event)
	data, err := json.Marshal(&d)
	if err != nil {
		return nil, nil, fmt.Errorf("pipeline: binary mode: %w", err)
	}
	t, err := ev.Time.MarshalText()
	if err != nil {
		return nil, nil, fmt.Errorf("pipeline: binary mode: time: %w", err)
	}
	headers := make([]kafka.Header, 0, 10)
	add := func(name, v string) {
		headers = append(headers, kafka.Header{Key: headerPrefix + name, Value: []byte(headerText(v))})
	}
	headers = append(headers, kafka.Header{Key: headerContentType, Value: []byte(headerText(ev.DataContentType))})
	add("dataschema", ev.DataSchema)
	add("id", ev.ID)
	add("source", ev.Source)
	add("specversion", ev.SpecVersion)
	add("subject", ev.Subject)
	if ev.Supersedes != "" { // omitempty extensions
		add("supersedes", ev.Supersedes)
	}
	headers = append(headers, kafka.Header{Key: headerPrefix + "time", Value: t})
	if ev.Replay != "" {
		add("triagereplay", ev.Replay)
	}
	add("type", ev.Type)
	return data, headers, nil
}

// headerText is s as it reads back from its JSON encoding: each byte that
// is not part of valid UTF-8 becomes U+FFFD.
func headerText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r) // RuneError for an invalid byte
		i += n
	}
	return b.String()
}

// EventJSON returns the event a triage output record carries as structured
// JSON, whichever mode it was published in. It follows the Kafka protocol
// binding: a content-type starting with application/cloudevents means
// structured (the value is returned as is, ce_ headers ignored); otherwise a
// ce_specversion header means binary (the event is rebuilt from the ce_
// headers, content-type as datacontenttype and the value as data, which
// must be JSON); a record with neither is returned as is (a structured
// event whose headers were lost).
func EventJSON(m kafka.Message) ([]byte, error) {
	var contentType string
	binary := false
	for _, h := range m.Headers {
		switch k := strings.ToLower(h.Key); {
		case k == headerContentType:
			contentType = string(h.Value)
		case k == headerPrefix+"specversion":
			binary = true
		}
	}
	if strings.HasPrefix(contentType, "application/cloudevents") || !binary {
		return m.Value, nil
	}
	if !json.Valid(m.Value) {
		return nil, fmt.Errorf("pipeline: binary event at %s/%d/%d: data is not JSON", m.Topic, m.Partition, m.Offset)
	}
	ev := map[string]any{"data": json.RawMessage(m.Value)}
	if contentType != "" {
		ev["datacontenttype"] = contentType
	}
	for _, h := range m.Headers {
		if name, ok := strings.CutPrefix(strings.ToLower(h.Key), headerPrefix); ok {
			ev[name] = string(h.Value)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ev); err != nil {
		return nil, fmt.Errorf("pipeline: binary event at %s/%d/%d: %w", m.Topic, m.Partition, m.Offset, err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
