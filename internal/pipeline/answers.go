package pipeline

import (
	"context"
	"log/slog"
	"sync"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/kafkaauth"
)

// Answers keeps a process-local store of people's answers in step with the
// corrections topic, so that every replica, a restarted instance and a
// replay answer a corrected input as the person did, with no LLM call,
// whichever replica's group member handled the correction. The corrections
// topic is the store's durable form: no database besides it. With a Redis
// answer cache the answers are shared and durable already, and there is no
// Answers (Pipeline.Answers is nil).
type Answers struct {
	h       *Handler
	cluster kafkaauth.Cluster
	topic   string
	log     *slog.Logger
	ready   chan struct{}
	once    sync.Once
}

// Run follows the corrections topic from its first offset
// (consumer.Follow) and stores the answer of every valid correction that
// carries its input. An invalid one is skipped here: the group's handler
// dead-letters it. Run blocks until ctx is cancelled (nil) or the topic
// cannot be listed (an error naming it). Run once.
func (a *Answers) Run(ctx context.Context) error {
	return consumer.Follow(ctx, a.cluster, a.topic, func(m kafka.Message) { a.apply(ctx, m) },
		func() { a.once.Do(func() { close(a.ready) }) }, a.log)
}

// Ready is closed once every correction written before Run started has
// been applied.
func (a *Answers) Ready() <-chan struct{} { return a.ready }

// apply stores the answer of one correction record.
func (a *Answers) apply(ctx context.Context, m kafka.Message) {
	_, rt, decision, in, err := a.h.readCorrection(ctx, m.Value)
	if err != nil || in == nil {
		if err != nil {
			a.log.Debug("pipeline: correction skipped by the answers follower", "partition", m.Partition, "offset", m.Offset, "err", err)
		}
		return
	}
	if err := a.h.Corrections.store(ctx, rt, decision, *in); err != nil && ctx.Err() == nil {
		a.log.Warn("pipeline: a person's answer could not be stored; the input may be decided again by the engines", "partition", m.Partition, "offset", m.Offset, "err", err)
	}
}

// Start runs a's Run in the background, when a is not nil, and waits until
// it is Ready: what is decided after Start returns sees every correction
// written before. It returns a stop function that cancels the follower
// and waits for it, and an error when ctx ends first or the follower
// fails (the follower is then stopped). A nil a is ready at once.
func (a *Answers) Start(ctx context.Context) (stop func(), err error) {
	if a == nil {
		return func() {}, nil
	}
	fctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.Run(fctx) }()
	stop = func() { cancel(); <-done }
	select {
	case <-a.ready:
		return stop, nil
	case err := <-done:
		cancel()
		if err == nil {
			err = ctx.Err()
		}
		return func() {}, err
	case <-ctx.Done():
		stop()
		return func() {}, ctx.Err()
	}
}
