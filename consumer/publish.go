package consumer

import (
	"errors"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"
)

// FatalError stops the instance: the dead-letter topic itself refuses a
// record for good (authorization, deleted topic, invalid record), so the
// partition cannot move without losing data. Run returns it; the record is
// not committed and is decided again once the cause is fixed.
type FatalError struct {
	Topic string
	Err   error
}

func (e *FatalError) Error() string {
	return fmt.Sprintf("consumer: dead-letter topic %s refuses writes; stopping so that nothing is dropped (fix the topic, its ACLs or the broker limits, then restart): %v", e.Topic, e.Err)
}

func (e *FatalError) Unwrap() error { return e.Err }

// errFenced means the record's partition was given up (rebalance or
// shutdown budget spent) before its outputs were written: nothing was
// published, the record is redelivered to the partition's next owner.
var errFenced = errors.New("consumer: partition given up before publishing; the record will be redelivered")

// writeError is the first per-message error of a kafka-go write error.
func writeError(err error) error {
	var we kafka.WriteErrors
	if errors.As(err, &we) {
		for _, e := range we {
			if e != nil {
				return e
			}
		}
	}
	return err
}

// writeFatal reports whether retrying a write that failed with err cannot
// help: the record is too large, invalid, not authorised, or the topic has
// been missing for longer than grace (unknownSince is when that error was
// first seen in this series of attempts; a topic being created or a leader
// moving shows the same code for a moment). Network errors, timeouts,
// leader moves and too few in-sync replicas are retriable.
func writeFatal(err error, unknownSince, now time.Time, grace time.Duration) bool {
	var mtl kafka.MessageTooLargeError
	if errors.As(err, &mtl) {
		return true
	}
	var ke kafka.Error
	if !errors.As(err, &ke) {
		return false
	}
	if ke == kafka.UnknownTopicOrPartition {
		return !unknownSince.IsZero() && now.Sub(unknownSince) >= grace
	}
	return !ke.Temporary() && !ke.Timeout()
}

func isUnknownTopic(err error) bool { return errors.Is(err, kafka.UnknownTopicOrPartition) }

func tooLarge(err error) bool {
	var mtl kafka.MessageTooLargeError
	return errors.As(err, &mtl) || errors.Is(err, kafka.MessageSizeTooLarge) || errors.Is(err, kafka.RecordListTooLarge)
}
