// Package failure is the one place where errors become decisions: whether to
// retry, and which bounded reason (a metric label and the dead-letter
// envelope's "reason") describes them.
package failure

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Reason is a machine-readable, bounded description of why a message could
// not be decided. The set is closed: schemas/dlq.v1.json enumerates it.
type Reason string

// Dead-letter reasons.
const (
	TooLarge        Reason = "too_large"        // value over the configured size limit
	NotUTF8         Reason = "not_utf8"         // value is not valid UTF-8
	InvalidJSON     Reason = "invalid_json"     // value is not a JSON document
	SchemaViolation Reason = "schema_violation" // JSON that breaks the input schema (missing field, wrong type)
	UnknownTopic    Reason = "unknown_topic"    // a record from a topic with no processor
	ProcessorError  Reason = "processor_error"  // the processor failed, after retries where retryable
	InvalidOutput   Reason = "invalid_output"   // the decision broke the output schema
	MalformedMIME   Reason = "malformed_mime"   // raw_mime that cannot be parsed
	Panic           Reason = "panic"            // decoding, processing or event building panicked
	PublishRefusal  Reason = "publish_refused"  // the broker refused the outputs for good (size, ACL, topic)
	// InvalidCorrection: a record on the corrections topic that breaks
	// schemas/correction.v1.json, names a queue that is not configured, or
	// carries an input that does not decode.
	InvalidCorrection Reason = "invalid_correction"
	Canceled          Reason = "canceled" // shutdown; never dead-lettered, the message is redelivered
)

// Reasons lists every reason that can appear on the dead-letter topic.
var Reasons = []Reason{TooLarge, NotUTF8, InvalidJSON, SchemaViolation, UnknownTopic, ProcessorError, InvalidOutput, MalformedMIME, Panic, PublishRefusal, InvalidCorrection}

// InputError is the input's own fault: retrying cannot help, the message goes
// to the dead-letter topic at once.
type InputError struct {
	Reason Reason
	Err    error
}

func (e *InputError) Error() string { return fmt.Sprintf("%s: %v", e.Reason, e.Err) }
func (e *InputError) Unwrap() error { return e.Err }

// BadInput marks err as a permanent input error with the given reason.
func BadInput(r Reason, err error) error { return &InputError{Reason: r, Err: err} }

// RetryableError is a transient failure (timeout, 429, 5xx, broker hiccup).
// RetryAfter, when non-zero, is the server's hint of how long to wait
// (Benthos ErrBackOff style); the retrier waits at least that long.
type RetryableError struct {
	Err        error
	RetryAfter time.Duration
}

func (e *RetryableError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("retryable (after %s): %v", e.RetryAfter, e.Err)
	}
	return fmt.Sprintf("retryable: %v", e.Err)
}
func (e *RetryableError) Unwrap() error { return e.Err }

// Retryable marks err as transient. after may be zero.
func Retryable(err error, after time.Duration) error {
	return &RetryableError{Err: err, RetryAfter: after}
}

// IsRetryable reports whether err is transient, and the server's wait hint.
// Cancellation is never retryable: the caller is shutting down. Neither is a
// panic or a broker's final refusal (publish_refused), whatever they wrap.
func IsRetryable(err error) (bool, time.Duration) {
	if err == nil || IsCanceled(err) {
		return false, 0
	}
	if r := Classify(err); r == Panic || r == PublishRefusal {
		return false, 0
	}
	var re *RetryableError
	if errors.As(err, &re) {
		return true, re.RetryAfter
	}
	return false, 0
}

// IsCanceled reports whether err comes from a cancelled context (shutdown).
// Such a message is neither committed nor dead-lettered: it is redelivered.
func IsCanceled(err error) bool {
	return errors.Is(err, context.Canceled)
}

// Classify turns any error into its bounded reason.
func Classify(err error) Reason {
	var ie *InputError
	switch {
	case err == nil:
		return ""
	case IsCanceled(err):
		return Canceled
	case errors.As(err, &ie):
		return ie.Reason
	default:
		return ProcessorError
	}
}

// attemptsError records how many times an operation was tried.
type attemptsError struct {
	n   int
	err error
}

func (e *attemptsError) Error() string { return e.err.Error() }
func (e *attemptsError) Unwrap() error { return e.err }

// WithAttempts records that err is the outcome of n attempts.
func WithAttempts(err error, n int) error {
	if err == nil {
		return nil
	}
	return &attemptsError{n: n, err: err}
}

// Attempts is the number of attempts recorded on err, at least 1.
func Attempts(err error) int {
	var ae *attemptsError
	if errors.As(err, &ae) && ae.n > 0 {
		return ae.n
	}
	return 1
}
