package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/triage/triage/processors"
)

// CloudEvent is a triage output event: CloudEvents 1.0, structured JSON mode
// (schemas/common.v1.json#/$defs/cloudevent).
type CloudEvent struct {
	SpecVersion     string    `json:"specversion"`
	ID              string    `json:"id"`
	Source          string    `json:"source"`
	Type            string    `json:"type"`
	Time            time.Time `json:"time"`
	Subject         string    `json:"subject"`
	DataContentType string    `json:"datacontenttype"`
	DataSchema      string    `json:"dataschema"`
	Data            EventData `json:"data"`
}

// EventData is the data of every triage output event.
type EventData struct {
	Decision   any                   `json:"decision"`
	Input      InputRef              `json:"input"`
	Processor  ProcessorRef          `json:"processor"`
	Provenance processors.Provenance `json:"provenance"`
}

// InputRef locates the decided record.
type InputRef struct {
	Topic     string     `json:"topic"`
	Partition int        `json:"partition"`
	Offset    int64      `json:"offset"`
	ID        string     `json:"id"`
	Key       string     `json:"key,omitempty"`
	Timestamp *time.Time `json:"timestamp,omitempty"`
}

// ProcessorRef names the processor and the version that decided.
type ProcessorRef struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// EventID is the deterministic id of the event a processor version
// publishes for the record at (topic, partition, offset): a redelivery or a
// replay of the same record through the same processor version gets the same
// id, so subscribers can de-duplicate; a new processor version gets a new id.
// It is the first 16 bytes of a SHA-256, hex-encoded.
func EventID(topic string, partition int, offset int64, processor, version string) string {
	h := sha256.New()
	for _, part := range []string{topic, strconv.Itoa(partition), strconv.FormatInt(offset, 10), processor, version} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
