package consumer

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/failure"
)

// Kafka headers set on dead-lettered records, so a consumer of the DLQ can
// filter by reason without parsing the value.
const (
	HeaderDLQReason = "triage-dlq-reason"
	HeaderDLQSource = "triage-dlq-source" // "topic/partition/offset"
)

// Bounds of the parts of a dead letter other than the value. With them a
// dead letter never exceeds DeadLetterMaxSize(inlineMax), whatever the
// size and shape of the original record.
const (
	maxErrorText    = failure.MaxErrorText // bytes of error text kept (then "…")
	maxKeyInline    = 1024                 // largest key copied (record key, key_b64)
	maxHeaderInline = 1024                 // largest header value copied
	maxHeaderKey    = 256                  // longer header keys are clipped
	maxHeaders      = 64                   // header entries kept
	maxHeadersJSON  = 8 << 10              // encoded size of the kept header entries
	deadLetterSlack = 32 << 10             // DeadLetterMaxSize beyond the inline value
	keyStandIn      = "sha256:"            // record key of a dead letter whose key is too large
)

// DeadLetter is the envelope written to the dead-letter topic
// (schemas/dlq.v1.json). Key, value and header values are the original
// bytes, base64-encoded so that any input survives, when they are small;
// larger ones are replaced by a pointer (size and SHA-256; the bytes stay
// in the source record), and Truncated names the parts cut.
type DeadLetter struct {
	Reason         failure.Reason  `json:"reason"`
	Error          string          `json:"error"`
	Attempts       int             `json:"attempts"`
	FailedAt       time.Time       `json:"failed_at"`
	Source         DeadSource      `json:"source"`
	KeyB64         string          `json:"key_b64,omitempty"`
	KeyRef         *Cut            `json:"key_ref,omitempty"`
	ValueB64       *string         `json:"value_b64,omitempty"`
	ValueRef       *ValueRef       `json:"value_ref,omitempty"`
	Headers        []DeadHeader    `json:"headers"`
	HeadersOmitted *OmittedHeaders `json:"headers_omitted,omitempty"`
	Truncated      []string        `json:"truncated,omitempty"` // of "key", "value", "headers", "error"
	TriageVersion  string          `json:"triage_version"`
}

// DeadSource is where the record was read.
type DeadSource struct {
	Topic     string     `json:"topic"`
	Partition int        `json:"partition"`
	Offset    int64      `json:"offset"`
	Timestamp *time.Time `json:"timestamp,omitempty"`
}

// ValueRef points at a value too large to copy into the dead-letter topic.
type ValueRef struct {
	Topic     string `json:"topic"`
	Partition int    `json:"partition"`
	Offset    int64  `json:"offset"`
	Size      int    `json:"size"`
	SHA256    string `json:"sha256"`
}

// Cut stands for bytes of the source record not copied: their size and
// SHA-256 (hex).
type Cut struct {
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// OmittedHeaders counts the original headers left out of Headers (the
// last Count of them, Size bytes of keys and values).
type OmittedHeaders struct {
	Count int `json:"count"`
	Size  int `json:"size"`
}

// DeadHeader is one original record header: its key (clipped to 256
// bytes) and its value inline or as a pointer.
type DeadHeader struct {
	Key      string  `json:"key"`
	ValueB64 *string `json:"value_b64,omitempty"`
	ValueRef *Cut    `json:"value_ref,omitempty"`
}

// DeadLetterMaxSize is the largest dead-letter record (key, value and
// headers, before the caller's own headers) DeadLetterFor builds with
// inlineMax: the base64 of an inline value plus 32 KiB. For every inlineMax
// the configuration allows (up to 700 KiB) it is under 1,000,000 bytes; for
// the default 256 KiB it is about 373 KiB.
func DeadLetterMaxSize(inlineMax int) int {
	return 4*((max(inlineMax, 0)+2)/3) + deadLetterSlack
}

// DeadLetterFor builds the dead-letter record for m failed with err: the
// envelope of schemas/dlq.v1.json with the reason of failure.Classify (err
// must not be a cancellation: cancelled work is redelivered, not
// dead-lettered). The value is inline up to inlineMax bytes, the key up to
// 1 KiB, each header value up to 1 KiB (and inlineMax), at most 64 headers
// in 8 KiB of JSON; anything larger is a pointer (size, SHA-256) or, for
// headers past the bounds, a count, and Truncated names the parts cut. The
// error text is clipped to 2 KiB and the record key is m's key up to 1 KiB,
// else "sha256:<hex of the key>". The record (key, value and headers) is
// never larger than DeadLetterMaxSize(inlineMax), whatever m's shape.
//
// inlineMax <= 0 gives the minimal dead letter, for when the broker refuses
// the usual one: value and key as pointers and no header entries (only
// their count and size), under DeadLetterMaxSize(0) = 32 KiB. The live
// runner and "triage replay" both use it.
func DeadLetterFor(topic string, m kafka.Message, err error, inlineMax int, version string, now time.Time) kafka.Message {
	reason := failure.Classify(err)
	dl := DeadLetter{
		Reason:        reason,
		Attempts:      failure.Attempts(err),
		FailedAt:      now.UTC(),
		Source:        DeadSource{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset},
		TriageVersion: version,
	}
	var cut cutParts
	dl.Error = cut.clip("error", err.Error(), maxErrorText)
	if !m.Time.IsZero() {
		ts := m.Time.UTC()
		dl.Source.Timestamp = &ts
	}
	if m.Key != nil {
		var k *string
		if k, dl.KeyRef = inline(m.Key, min(inlineMax, maxKeyInline)); k != nil {
			dl.KeyB64 = *k
		} else {
			cut.add("key")
		}
	}
	var ref *Cut
	if dl.ValueB64, ref = inline(m.Value, inlineMax); ref != nil {
		dl.ValueRef = &ValueRef{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset, Size: ref.Size, SHA256: ref.SHA256}
		cut.add("value")
	}
	dl.Headers, dl.HeadersOmitted = deadHeaders(m.Headers, inlineMax, &cut)
	dl.Truncated = cut
	value, _ := json.Marshal(dl) // plain struct of strings and numbers: cannot fail
	key := m.Key
	if len(key) > maxKeyInline {
		key = []byte(keyStandIn + dl.KeyRef.SHA256)
	}
	return kafka.Message{
		Topic: topic,
		Key:   key,
		Value: value,
		Headers: []kafka.Header{
			{Key: HeaderDLQReason, Value: []byte(reason)},
			{Key: HeaderDLQSource, Value: fmt.Appendf(nil, "%s/%d/%d", m.Topic, m.Partition, m.Offset)},
			{Key: "content-type", Value: []byte("application/json")},
		},
	}
}

// deadHeaders keeps the first of hs that fit the bounds, in order, and
// counts the rest. inlineMax <= 0 keeps none.
func deadHeaders(hs []kafka.Header, inlineMax int, cut *cutParts) ([]DeadHeader, *OmittedHeaders) {
	kept := []DeadHeader{}
	size := 0
	for i, h := range hs {
		dh := DeadHeader{Key: cut.clip("headers", h.Key, maxHeaderKey)}
		if dh.ValueB64, dh.ValueRef = inline(h.Value, min(inlineMax, maxHeaderInline)); dh.ValueRef != nil {
			cut.add("headers")
		}
		enc, _ := json.Marshal(dh)
		if inlineMax <= 0 || i == maxHeaders || size+len(enc) > maxHeadersJSON {
			omitted := &OmittedHeaders{Count: len(hs) - i}
			for _, h := range hs[i:] {
				omitted.Size += len(h.Key) + len(h.Value)
			}
			cut.add("headers")
			return kept, omitted
		}
		size += len(enc)
		kept = append(kept, dh)
	}
	return kept, nil
}

// inline is b base64-encoded when it has at most limit bytes, else a
// pointer with its size and SHA-256 (hex).
func inline(b []byte, limit int) (*string, *Cut) {
	if len(b) <= limit {
		s := base64.StdEncoding.EncodeToString(b)
		return &s, nil
	}
	sum := sha256.Sum256(b)
	return nil, &Cut{Size: len(b), SHA256: hex.EncodeToString(sum[:])}
}

// cutParts names the parts of a dead letter that were cut, once each.
type cutParts []string

func (c *cutParts) add(part string) {
	if !slices.Contains(*c, part) {
		*c = append(*c, part)
	}
}

// clip returns s cut to at most n bytes at a rune boundary, followed by
// "…" when cut (then part is marked cut).
func (c *cutParts) clip(part, s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	c.add(part)
	return s[:n] + "…"
}
