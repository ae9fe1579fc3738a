package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/triage/triage/processors"
)

// CloudEvent is a triage output event: CloudEvents 1.0 in the JSON event
// format (schemas/common.v1.json#/$defs/cloudevent), published as is in
// structured mode or split into ce_ headers and data in binary mode (Mode).
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
	// Replay is the CloudEvents extension triagereplay: the replay run id,
	// set only on events published by "triage replay".
	Replay string `json:"triagereplay,omitempty"`
	// Supersedes is the CloudEvents extension supersedes: the id of an
	// earlier event for the same input that this one replaces.
	Supersedes string `json:"supersedes,omitempty"`
}

// EventData is the data of every triage output event.
type EventData struct {
	Decision   any                   `json:"decision"`
	Input      InputRef              `json:"input"`
	Processor  ProcessorRef          `json:"processor"`
	Provenance processors.Provenance `json:"provenance"`
	// Review is set when the decision awaits a person's review (a review
	// task went to topics.review with the event); nil otherwise.
	Review *ReviewFlag `json:"review,omitempty"`
	// Thread and Cleaning are set on email events only: the thread headers,
	// and how much of the body cleaning cut before the decision.
	Thread   *processors.Thread   `json:"thread,omitempty"`
	Cleaning *processors.Cleaning `json:"cleaning,omitempty"`
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
// It is the first 16 bytes of a SHA-256, hex-encoded. It is the id of ticket
// events; an email event's id is KeyedEventID of its message id instead.
func EventID(topic string, partition int, offset int64, processor, version string) string {
	var buf [256]byte // the hashed bytes; on the stack unless the names are long
	b := append(append(buf[:0], topic...), 0)
	b = append(strconv.AppendInt(b, int64(partition), 10), 0)
	b = append(strconv.AppendInt(b, offset, 10), 0)
	return idOf(append(append(append(append(b, processor...), 0), version...), 0))
}

// idOf is the first 16 bytes of the SHA-256 of b, hex-encoded: an event id.
func idOf(b []byte) string {
	sum := sha256.Sum256(b)
	var id [32]byte
	hex.Encode(id[:], sum[:16])
	return string(id[:])
}

// KeyedEventID is the deterministic id of the event a processor version
// publishes for the message identified by key (processors.Input.IDKey,
// "msgid:" + Message-ID for emails) wherever it was delivered: the same
// message delivered twice, at other offsets or on other partitions, gets the
// same id through the same processor version. It is the first 16 bytes of a
// SHA-256, hex-encoded, and never equals an EventID (Kafka topic names cannot
// hold the ':' of a key).
func KeyedEventID(key, processor, version string) string {
	var buf [256]byte
	b := append(append(buf[:0], key...), 0)
	return idOf(append(append(append(append(b, processor...), 0), version...), 0))
}

// SupersedingEventID is the id of an event that supersedes the event
// earlierID with a new decision: deterministic (a rerun of the same replay
// publishes the same id) and different from earlierID even when the
// processor version did not change (a decision taken by the rules during an
// LLM outage is superseded under the same cascade version).
func SupersedingEventID(earlierID, processor, version string, decision []byte) string {
	h := sha256.New()
	for _, part := range [][]byte{[]byte("supersedes"), []byte(earlierID), []byte(processor), []byte(version), decision} {
		h.Write(part)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

type supersedesKey struct{}

// WithSupersedes returns a context under which Handler.Handle publishes a
// superseding event: extension supersedes = earlierID and the id
// SupersedingEventID instead of EventID. An empty earlierID changes nothing.
func WithSupersedes(ctx context.Context, earlierID string) context.Context {
	return context.WithValue(ctx, supersedesKey{}, earlierID)
}

func supersedesFrom(ctx context.Context) string {
	s, _ := ctx.Value(supersedesKey{}).(string)
	return s
}
