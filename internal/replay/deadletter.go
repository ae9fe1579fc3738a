package replay

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/internal/pipeline"
)

const maxErrorText = 2048

// deadLetter builds the dead-letter record for m failed with err, in the
// live service's envelope (consumer.DeadLetter, schemas/dlq.v1.json) and
// headers, plus the replay header naming the run.
//
// It mirrors consumer's unexported builder; if consumer exports one
// (consumer.DeadLetterFor), this should call it instead.
func deadLetter(topic string, m kafka.Message, err error, inlineMax int, version, runID string, now time.Time) kafka.Message {
	reason := failure.Classify(err)
	text := err.Error()
	if len(text) > maxErrorText {
		text = text[:maxErrorText] + "…"
	}
	dl := consumer.DeadLetter{
		Reason:        reason,
		Error:         text,
		Attempts:      failure.Attempts(err),
		FailedAt:      now.UTC(),
		Source:        consumer.DeadSource{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset},
		Headers:       make([]consumer.DeadHeader, 0, len(m.Headers)),
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
		dl.ValueRef = &consumer.ValueRef{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset, Size: len(m.Value), SHA256: hex.EncodeToString(sum[:])}
	}
	for _, h := range m.Headers {
		dl.Headers = append(dl.Headers, consumer.DeadHeader{Key: h.Key, ValueB64: base64.StdEncoding.EncodeToString(h.Value)})
	}
	value, _ := json.Marshal(dl) // strings and numbers only: cannot fail
	return kafka.Message{
		Topic: topic,
		Key:   m.Key,
		Value: value,
		Headers: []kafka.Header{
			{Key: consumer.HeaderDLQReason, Value: []byte(reason)},
			{Key: consumer.HeaderDLQSource, Value: fmt.Appendf(nil, "%s/%d/%d", m.Topic, m.Partition, m.Offset)},
			{Key: "content-type", Value: []byte("application/json")},
			{Key: pipeline.HeaderReplay, Value: []byte(runID)},
		},
	}
}
