package consumer

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/failure"
)

// Kafka headers set on dead-lettered records, so a consumer of the DLQ can
// filter by reason without parsing the value.
const (
	HeaderDLQReason = "triage-dlq-reason"
	HeaderDLQSource = "triage-dlq-source" // "topic/partition/offset"
	maxErrorText    = 2048
)

// DeadLetter is the envelope written to the dead-letter topic
// (schemas/dlq.v1.json). Key, value and header values are the original
// bytes, base64-encoded so that any input survives; a value larger than the
// inline limit is replaced by ValueRef, a pointer to the original record.
type DeadLetter struct {
	Reason        failure.Reason `json:"reason"`
	Error         string         `json:"error"`
	Attempts      int            `json:"attempts"`
	FailedAt      time.Time      `json:"failed_at"`
	Source        DeadSource     `json:"source"`
	KeyB64        string         `json:"key_b64,omitempty"`
	ValueB64      *string        `json:"value_b64,omitempty"`
	ValueRef      *ValueRef      `json:"value_ref,omitempty"`
	Headers       []DeadHeader   `json:"headers"`
	TriageVersion string         `json:"triage_version"`
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

// DeadHeader is one original record header.
type DeadHeader struct {
	Key      string `json:"key"`
	ValueB64 string `json:"value_b64"`
}

// DeadLetterFor builds the dead-letter record for m failed with err: the
// envelope of schemas/dlq.v1.json with the reason of failure.Classify (err
// must not be a cancellation: cancelled work is redelivered, not
// dead-lettered), value inline up to inlineMax bytes and a pointer beyond.
// The live runner and "triage replay" both use it.
func DeadLetterFor(topic string, m kafka.Message, err error, inlineMax int, version string, now time.Time) kafka.Message {
	reason := failure.Classify(err)
	text := err.Error()
	if len(text) > maxErrorText {
		text = text[:maxErrorText] + "…"
	}
	dl := DeadLetter{
		Reason:        reason,
		Error:         text,
		Attempts:      failure.Attempts(err),
		FailedAt:      now.UTC(),
		Source:        DeadSource{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset},
		Headers:       make([]DeadHeader, 0, len(m.Headers)),
		TriageVersion: version,
	}
	if !m.Time.IsZero() {
		ts := m.Time.UTC()
		dl.Source.Timestamp = &ts
	}
	if m.Key != nil {
		dl.KeyB64 = base64.StdEncoding.EncodeToString(m.Key)
	}
	if len(m.Value) <= inlineMax {
		v := base64.StdEncoding.EncodeToString(m.Value)
		dl.ValueB64 = &v
	} else {
		sum := sha256.Sum256(m.Value)
		dl.ValueRef = &ValueRef{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset,
			Size: len(m.Value), SHA256: hex.EncodeToString(sum[:])}
	}
	for _, h := range m.Headers {
		dl.Headers = append(dl.Headers, DeadHeader{Key: h.Key, ValueB64: base64.StdEncoding.EncodeToString(h.Value)})
	}
	value, _ := json.Marshal(dl) // plain struct of strings and numbers: cannot fail
	return kafka.Message{
		Topic: topic,
		Key:   m.Key,
		Value: value,
		Headers: []kafka.Header{
			{Key: HeaderDLQReason, Value: []byte(reason)},
			{Key: HeaderDLQSource, Value: fmt.Appendf(nil, "%s/%d/%d", m.Topic, m.Partition, m.Offset)},
			{Key: "content-type", Value: []byte("application/json")},
		},
	}
}
