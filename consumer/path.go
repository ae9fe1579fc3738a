package consumer

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel/trace"

	"github.com/triage/triage/internal/failure"
)

// Path is the one way a record becomes published outputs or a dead letter:
// decide (the handler, with panics recovered), then publish under one
// policy. The live runner and "triage replay" both use it.
//
// The zero value is not usable: set Handler, Writer and DLQTopic. A Path is
// safe for concurrent use.
type Path struct {
	Handler   Handler
	Writer    Writer
	DLQTopic  string
	InlineMax int    // largest original value copied into a dead letter
	Version   string // triage_version in dead letters
	// DeadLetterHeaders are added to every dead letter (replay names its run).
	DeadLetterHeaders []kafka.Header
	// RetryFor bounds how long retriable write errors are retried before
	// Publish gives up with an error (0: until ctx is cancelled).
	RetryFor time.Duration
	// UnknownTopicGrace is how long an "unknown topic" answer is retried
	// before it counts as a deleted topic (default 10s).
	UnknownTopicGrace time.Duration
	Logger            *slog.Logger // default: discard
	Observer          Observer     // default: none
	Now               func() time.Time
	// Tracing makes the spans of Trace and Publish (default: none, yet
	// outputs still carry an input's traceparent; see Trace).
	Tracing trace.TracerProvider

	deadlines writeDeadlines // of write attempts
}

// Writer is the part of *kafka.Writer a Path publishes with.
type Writer interface {
	WriteMessages(ctx context.Context, msgs ...kafka.Message) error
}

// Decision is what publishing one record means: its outputs, or its dead
// letter when Cause is set.
type Decision struct {
	Outputs []kafka.Message
	Cause   error // why the record is dead-lettered; nil for outputs
}

// Reason is the dead-letter reason of d, empty for outputs.
func (d Decision) Reason() failure.Reason { return failure.Classify(d.Cause) }

// Decide runs the handler on m. A panic anywhere in it (decoding,
// processing, event building) is recovered and dead-lettered with reason
// panic and the clipped stack. It returns an error only when ctx was
// cancelled first: nothing is to be published and m is redelivered later.
// Decide blocks as long as the handler does.
func (p *Path) Decide(ctx context.Context, m kafka.Message) (Decision, error) {
	outs, err := p.handle(ctx, m)
	if err == nil {
		return Decision{Outputs: outs}, nil
	}
	if ctx.Err() != nil {
		return Decision{}, ctx.Err()
	}
	p.logger().Warn("record dead-lettered", "topic", m.Topic, "partition", m.Partition, "offset", m.Offset,
		"reason", failure.Classify(err), "err", err)
	return Decision{Outputs: []kafka.Message{p.deadLetter(m, err, p.InlineMax)}, Cause: err}, nil
}

func (p *Path) handle(ctx context.Context, m kafka.Message) (outs []kafka.Message, err error) {
	defer func() {
		if v := recover(); v != nil {
			outs, err = nil, failure.Panicked(v, debug.Stack())
		}
	}()
	return p.Handler.Handle(ctx, m)
}

// Publish writes d's records and waits for the acknowledgement of all
// in-sync replicas. Retriable errors (network, timeouts, leader moves, too
// few replicas) are retried with backoff until ctx is cancelled; outputs
// the broker refuses for good are replaced by m's dead letter (reason
// publish_refused), and a dead letter refused as too large by a minimal one
// (value, key and headers as pointers). It returns the decision that was
// published.
//
// A write, once started, is never cut short by ctx (so that a cancelled
// shutdown cannot leave it half-known); ctx stops the retries between
// writes, and so does RetryFor when set. f (nil for none) is entered around
// every write: once it is closed Publish returns errFenced without writing.
// A dead letter refused for good returns *FatalError.
//
// Every write is in a publish span under ctx's record span (see Trace),
// whose traceparent the outputs carry.
func (p *Path) Publish(ctx context.Context, m kafka.Message, d Decision, f *fence) (Decision, error) {
	if len(d.Outputs) == 0 {
		return d, nil
	}
	ctx, headers, end := p.publishSpan(ctx)
	d, err := p.publish(ctx, m, d, f, headers)
	end(d, err)
	return d, err
}

// publish is Publish within its span; th (the trace headers) are set on
// every write.
func (p *Path) publish(ctx context.Context, m kafka.Message, d Decision, f *fence, th []kafka.Header) (Decision, error) {
	b := newBackoff(100*time.Millisecond, 5*time.Second)
	var unknownSince time.Time
	minimal := false
	first := p.now()
	for attempt := 1; ; attempt++ {
		if !f.enter() {
			return d, errFenced
		}
		stamp(d.Outputs, th)
		err := p.Writer.WriteMessages(p.deadlines.at(time.Now()), d.Outputs...)
		f.leave()
		if err == nil {
			return d, nil
		}
		err = writeError(err)
		topic := d.Outputs[0].Topic
		now := p.now()
		if !isUnknownTopic(err) {
			unknownSince = time.Time{}
		} else if unknownSince.IsZero() {
			unknownSince = now
		}
		fatal := writeFatal(err, unknownSince, now, p.grace())
		p.observer().PublishError(topic, fatal)
		switch {
		case fatal && topic != p.DLQTopic:
			cause := failure.PublishRefused(fmt.Errorf("consumer: %s refused the outputs: %w", topic, err))
			p.logger().Warn("outputs refused by the broker, dead-lettering the record", "topic", m.Topic, "partition", m.Partition, "offset", m.Offset, "output_topic", topic, "err", err)
			d = Decision{Outputs: []kafka.Message{p.deadLetter(m, cause, p.InlineMax)}, Cause: cause}
			b.reset()
			continue
		case fatal && tooLarge(err) && !minimal:
			minimal = true
			d.Outputs = []kafka.Message{p.deadLetter(m, d.Cause, 0)}
			continue
		case fatal:
			return d, &FatalError{Topic: topic, Err: err}
		}
		if p.RetryFor > 0 && now.Sub(first) >= p.RetryFor {
			return d, fmt.Errorf("consumer: publish to %s failing for %s (check the brokers accept writes): %w", topic, now.Sub(first).Round(time.Second), err)
		}
		p.logger().Warn("publish failed, retrying", "topic", topic, "attempt", attempt, "source_topic", m.Topic, "partition", m.Partition, "offset", m.Offset, "err", err)
		if !sleep(ctx, b.next()) {
			return d, ctx.Err()
		}
	}
}

// writeTimeout bounds one write attempt (up to deadlineSlot more: see
// writeDeadlines); kafka-go retries inside it.
const writeTimeout = 30 * time.Second

func (p *Path) deadLetter(m kafka.Message, err error, inlineMax int) kafka.Message {
	dl := DeadLetterFor(p.DLQTopic, m, err, inlineMax, p.Version, p.now())
	dl.Headers = append(dl.Headers, p.DeadLetterHeaders...)
	return dl
}

func (p *Path) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Path) grace() time.Duration {
	if p.UnknownTopicGrace > 0 {
		return p.UnknownTopicGrace
	}
	return 10 * time.Second
}

func (p *Path) logger() *slog.Logger {
	if p.Logger != nil {
		return p.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (p *Path) observer() Observer {
	if p.Observer != nil {
		return p.Observer
	}
	return NopObserver{}
}
