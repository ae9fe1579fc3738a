// Package consumer moves records from Kafka input topics through a Handler
// and onto output topics, at least once, in per-key order.
//
// Guarantees, all of which the integration tests check on kfake and on a real
// broker:
//   - An input offset is committed only after every output of that record
//     (or its dead letter) is acknowledged by all in-sync replicas, and only
//     when every earlier fetched record of its partition is finished too.
//   - Records with the same key in the same partition are handled one at a
//     time, in offset order; records without a key are handled in partition
//     order. Different keys run concurrently, up to MaxInFlight records.
//   - A record the handler cannot decide goes to the dead-letter topic and the
//     partition moves on; nothing is dropped silently.
//   - After a crash, at most MaxInFlight records per instance are handled
//     again; the handler's deterministic event ids let subscribers drop them.
package consumer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/failure"
)

// Handler decides one record and returns the records to publish for it.
//
// Handle is called concurrently for different keys and never concurrently
// for the same key of a partition. It must honour ctx: when ctx is cancelled
// (shutdown budget spent) it returns an error wrapping ctx.Err() and the
// record is redelivered later. Any other error sends the record to the
// dead-letter topic with the reason internal/failure.Classify gives; retries
// belong inside the handler (processors.Retry).
type Handler interface {
	Handle(ctx context.Context, m kafka.Message) ([]kafka.Message, error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, m kafka.Message) ([]kafka.Message, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
	return f(ctx, m)
}

// Stats counts what a runner did. Counters only grow.
type Stats struct {
	Fetched      int64 // records fetched from input topics
	Published    int64 // records finished with outputs acknowledged
	DeadLettered int64 // records finished by a dead letter
	Abandoned    int64 // records left unfinished at shutdown (redelivered later)
	Commits      int64 // successful offset commits
	CommitErrors int64
}

// Runner consumes, handles, publishes and commits. Create it with New and
// call Run once.
type Runner struct {
	cfg     Config
	handler Handler
	tracker *tracker
	lanes   *lanes
	writer  messageWriter

	fetched, published, deadLettered, abandoned, commits, commitErrors atomic.Int64
	closeOnce                                                          sync.Once
	health                                                             health
}

// messageWriter is the part of *kafka.Writer the runner uses.
type messageWriter interface {
	WriteMessages(ctx context.Context, msgs ...kafka.Message) error
	Close() error
}

// New checks cfg and returns a runner. It does not connect.
func New(cfg Config, h Handler) (*Runner, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("consumer: config: %w", err)
	}
	return &Runner{cfg: cfg, handler: h, tracker: newTracker(), lanes: newLanes(), writer: NewWriter(cfg.Brokers, cfg.BatchTimeout)}, nil
}

// Stats returns a snapshot of the counters. Safe to call concurrently.
func (r *Runner) Stats() Stats {
	return Stats{
		Fetched: r.fetched.Load(), Published: r.published.Load(), DeadLettered: r.deadLettered.Load(),
		Abandoned: r.abandoned.Load(), Commits: r.commits.Load(), CommitErrors: r.commitErrors.Load(),
	}
}

// InFlight is the number of records fetched and not yet finished.
func (r *Runner) InFlight() int { return r.tracker.inFlightCount() }

// Run checks that every topic exists, joins the group and processes records
// until ctx is cancelled, then shuts down within cfg.ShutdownTimeout: it
// stops fetching, lets in-flight records finish (cancelling those still
// running when the budget is spent), commits what finished, flushes and
// closes the producer and leaves the group. Run returns nil after a clean
// shutdown and an error when it cannot start. Run must be called once.
func (r *Runner) Run(ctx context.Context) error {
	log := r.cfg.Logger
	if err := r.checkTopics(ctx); err != nil {
		r.close(nil)
		return err
	}
	reader := kafka.NewReader(r.readerConfig())
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()

	commitCtx, stopCommitter := context.WithCancel(context.WithoutCancel(ctx))
	committerDone := make(chan struct{})
	go func() {
		defer close(committerDone)
		r.commitLoop(commitCtx, reader)
	}()

	lagCtx, stopLag := context.WithCancel(ctx)
	defer stopLag()
	go r.lagLoop(lagCtx)

	log.Info("consumer started", "group", r.cfg.GroupID, "topics", r.cfg.Topics, "max_in_flight", r.cfg.MaxInFlight)
	r.fetchLoop(ctx, workCtx, reader)

	// Shutdown: fetching has stopped. Drain within the budget.
	start := time.Now()
	drained := make(chan struct{})
	go func() { r.lanes.wait(); close(drained) }()
	select {
	case <-drained:
	case <-time.After(r.cfg.ShutdownTimeout):
		log.Warn("shutdown budget spent, abandoning in-flight records", "in_flight", r.InFlight(), "budget", r.cfg.ShutdownTimeout)
		cancelWork()
		select {
		case <-drained:
		case <-time.After(2 * time.Second):
			log.Error("handlers ignore cancellation; closing without them", "in_flight", r.InFlight())
		}
	}
	stopCommitter()
	<-committerDone
	finalCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	r.commit(finalCtx, reader)
	cancel()
	r.close(reader)
	log.Info("consumer stopped", "drain", time.Since(start).Round(time.Millisecond), "stats", r.Stats())
	return nil
}

// fetchLoop fetches until ctx is done. It blocks while MaxInFlight records
// are unfinished, so a slow handler slows fetching instead of growing memory.
func (r *Runner) fetchLoop(ctx, workCtx context.Context, reader *kafka.Reader) {
	sem := make(chan struct{}, r.cfg.MaxInFlight)
	backoff := newBackoff(100*time.Millisecond, 5*time.Second)
	for {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		m, err := reader.FetchMessage(ctx)
		if err != nil {
			<-sem
			if ctx.Err() != nil {
				return
			}
			r.cfg.Logger.Warn("fetch failed, retrying", "err", err)
			if !sleep(ctx, backoff.next()) {
				return
			}
			continue
		}
		backoff.reset()
		r.fetched.Add(1)
		tk := r.tracker.add(m)
		r.cfg.Observer.Consumed(m, r.tracker.inFlightCount())
		r.lanes.submit(laneKey{tk.tp, string(m.Key)}, func() {
			defer func() { <-sem }()
			r.process(workCtx, m, tk)
		})
	}
}

// process handles one record to the end: outputs (or its dead letter)
// acknowledged, then marked finished for the committer. When ctx is
// cancelled first, the record is abandoned: not committed, redelivered.
func (r *Runner) process(ctx context.Context, m kafka.Message, tk *ticket) {
	if ctx.Err() != nil {
		r.abandon(m, tk)
		return
	}
	outs, err := r.handler.Handle(ctx, m)
	err0 := err
	dead := false
	if err != nil {
		if ctx.Err() != nil {
			r.abandon(m, tk)
			return
		}
		r.cfg.Logger.Warn("record dead-lettered", "topic", m.Topic, "partition", m.Partition, "offset", m.Offset, "err", err)
		outs = []kafka.Message{DeadLetterFor(r.cfg.DLQTopic, m, err, r.cfg.DLQInlineMaxBytes, r.cfg.Version, time.Now())}
		dead = true
	}
	if err := r.publish(ctx, m, outs); err != nil {
		r.abandon(m, tk)
		return
	}
	r.tracker.finish(tk)
	var e2e time.Duration
	if !m.Time.IsZero() {
		e2e = time.Since(m.Time)
	}
	if dead {
		r.deadLettered.Add(1)
		r.cfg.Observer.Finished(m, DeadLettered, failure.Classify(err0), e2e, r.tracker.inFlightCount())
	} else {
		r.published.Add(1)
		r.cfg.Observer.Finished(m, Published, "", e2e, r.tracker.inFlightCount())
	}
}

func (r *Runner) abandon(m kafka.Message, tk *ticket) {
	r.abandoned.Add(1)
	r.tracker.abandon(tk)
	r.cfg.Observer.Finished(m, Abandoned, "", 0, r.tracker.inFlightCount())
}

// publish writes msgs and waits for the acknowledgement of all in-sync
// replicas, retrying broker errors with backoff until ctx is cancelled. An
// output the broker refuses as too large is replaced by a dead letter for m.
func (r *Runner) publish(ctx context.Context, m kafka.Message, msgs []kafka.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	backoff := newBackoff(100*time.Millisecond, 5*time.Second)
	for attempt := 1; ; attempt++ {
		err := r.writer.WriteMessages(ctx, msgs...)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if tooLarge(err) && msgs[0].Topic != r.cfg.DLQTopic {
			err = fmt.Errorf("consumer: output refused by broker: %w", err)
			msgs = []kafka.Message{DeadLetterFor(r.cfg.DLQTopic, m, err, 0, r.cfg.Version, time.Now())}
			continue
		}
		r.cfg.Logger.Warn("publish failed, retrying", "attempt", attempt, "topic", msgs[0].Topic, "err", err)
		if !sleep(ctx, backoff.next()) {
			return ctx.Err()
		}
	}
}

func tooLarge(err error) bool {
	var mtl kafka.MessageTooLargeError
	return errors.As(err, &mtl) || errors.Is(err, kafka.MessageSizeTooLarge)
}

// close flushes and closes the producer and the reader once.
func (r *Runner) close(reader *kafka.Reader) {
	r.closeOnce.Do(func() {
		if err := r.writer.Close(); err != nil {
			r.cfg.Logger.Warn("producer close", "err", err)
		}
		if reader != nil {
			if err := reader.Close(); err != nil {
				r.cfg.Logger.Warn("reader close", "err", err)
			}
		}
	})
}
