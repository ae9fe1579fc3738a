package consumer

import (
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/failure"
)

// Outcome is how a fetched record finished.
type Outcome string

// Outcomes.
const (
	Published    Outcome = "published"     // outputs acknowledged
	DeadLettered Outcome = "dead_lettered" // dead letter acknowledged
	Abandoned    Outcome = "abandoned"     // left unfinished at shutdown; redelivered later
)

// Observer is told what the runner does, for metrics and readiness. Its
// methods are called concurrently from the runner's goroutines and must not
// block.
type Observer interface {
	Consumed(m kafka.Message, inFlight int)
	// Finished reports a record's outcome; reason is set for dead letters;
	// e2e is the time from the record's timestamp to its outputs'
	// acknowledgement (zero when abandoned or the record has no timestamp).
	Finished(m kafka.Message, o Outcome, reason failure.Reason, e2e time.Duration, inFlight int)
	Committed(err error)
	// Lag reports end offset minus committed offset of one partition this
	// instance owns.
	Lag(topic string, partition int, lag int64)
	// Released says this instance no longer owns the partition: forget its
	// lag and stall.
	Released(topic string, partition int)
	// Stalled reports a partition of this instance that cannot move (fetched
	// records without a commit for StallTimeout), and its recovery.
	Stalled(topic string, partition int, stalled bool)
	// PublishError counts one failed write to topic; fatal ones are not
	// retried (the record is dead-lettered, or the instance stops).
	PublishError(topic string, fatal bool)
}

// NopObserver ignores everything.
type NopObserver struct{}

func (NopObserver) Consumed(kafka.Message, int)                                         {}
func (NopObserver) Finished(kafka.Message, Outcome, failure.Reason, time.Duration, int) {}
func (NopObserver) Committed(error)                                                     {}
func (NopObserver) Lag(string, int, int64)                                              {}
func (NopObserver) Released(string, int)                                                {}
func (NopObserver) Stalled(string, int, bool)                                           {}
func (NopObserver) PublishError(string, bool)                                           {}
