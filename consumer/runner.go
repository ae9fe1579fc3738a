// Package consumer moves records from Kafka input topics through a Handler
// and onto output topics, at least once, in per-key order, on kafka-go's
// consumer-group generations.
//
// Guarantees, each shown by a test on kfake and on a real broker:
//   - An input offset is committed only after every output of that record
//     (or its dead letter) is acknowledged by all in-sync replicas, and only
//     when every earlier fetched record of its partition is finished too.
//   - A committed offset never moves backwards, within a generation or
//     across generations and members.
//   - When a generation ends (rebalance or shutdown) the member stops
//     fetching, lets in-flight records finish within a budget (the rest are
//     abandoned: cancelled, not published), commits the finished prefix in
//     that same generation, and only then rejoins. No output and no commit
//     for a partition leaves the member after that, so the next owner
//     starts where it stopped and a key's records are never published by
//     two members at once.
//   - Records with the same key in the same partition are handled one at a
//     time, in offset order; records without a key are handled in partition
//     order. Different keys run concurrently, up to MaxInFlight records
//     (a record whose handler waits for an LLM slot parks and does not
//     count; see Park).
//   - At most CheckpointLimit records per partition are fetched and not yet
//     committed, so after a crash at most CheckpointLimit records of each
//     partition the instance owned are decided again.
//   - At most MaxBufferedBytes of records fetched and not yet finished and
//     of their outputs are held, over all partitions, whatever their
//     number or MaxInFlight: fetching waits when the budget is spent. The
//     broker may answer one record batch per partition beyond a fetch's
//     share, and a record larger than the budget is read alone.
//   - Outputs of all records share producer batches (BatchWriter); each
//     record still waits for the acknowledgement of its own outputs.
//   - A record the handler cannot decide, or whose handling panics, goes to
//     the dead-letter topic and the partition moves on; nothing is dropped
//     silently.
package consumer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"
)

// Handler decides one record and returns the records to publish for it.
//
// Handle is called concurrently for different keys and never concurrently
// for the same key of a partition. It must honour ctx: when ctx is cancelled
// (a rebalance or shutdown budget spent) it returns an error wrapping
// ctx.Err() and the record is redelivered later. Any other error sends the
// record to the dead-letter topic with the reason internal/failure.Classify
// gives; so does a panic (reason panic). Retries belong inside the handler.
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
	Abandoned    int64 // records left unfinished at a generation's end (redelivered)
	Commits      int64 // successful offset commits
	CommitErrors int64
	Generations  int64 // group generations joined
}

// Runner consumes, handles, publishes and commits. Create it with New and
// call Run once.
type Runner struct {
	cfg       Config
	path      *Path
	writer    messageWriter
	budget    *budget          // MaxBufferedBytes: bytes fetched and not yet finished
	addr      net.Addr         // the bootstrap brokers
	transport *kafka.Transport // fetches, lag probes, heartbeats while draining
	sem       chan struct{}    // MaxInFlight tokens: records dispatched, not finished

	fetched, published, deadLettered, abandoned, commits, commitErrors, generations atomic.Int64
	inFlight                                                                        atomic.Int64

	fatalMu  sync.Mutex
	fatalErr error
	stop     context.CancelFunc // set by Run before any goroutine; stops it on a fatal error

	closeOnce sync.Once
	health    health
}

// messageWriter is the part of *kafka.Writer the runner uses.
type messageWriter interface {
	Writer
	Close() error
}

// New checks cfg and returns a runner. It does not connect.
func New(cfg Config, h Handler) (*Runner, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("consumer: config: %w", err)
	}
	w := NewBatchWriter(cfg.Brokers, cfg.BatchTimeout, cfg.Auth)
	tr := cfg.Auth.Transport()
	tr.MetadataTTL = 2 * time.Second
	r := &Runner{cfg: cfg, writer: w, sem: make(chan struct{}, cfg.MaxInFlight), budget: newBudget(int64(cfg.MaxBufferedBytes)),
		addr: kafka.TCP(cfg.Brokers...), transport: tr}
	r.path = &Path{Handler: h, Writer: w, DLQTopic: cfg.DLQTopic, InlineMax: cfg.DLQInlineMaxBytes,
		Version: cfg.Version, Logger: cfg.Logger, Observer: cfg.Observer, UnknownTopicGrace: cfg.UnknownTopicGrace,
		Tracing: cfg.Tracing}
	return r, nil
}

// Stats returns a snapshot of the counters. Safe to call concurrently.
func (r *Runner) Stats() Stats {
	return Stats{
		Fetched: r.fetched.Load(), Published: r.published.Load(), DeadLettered: r.deadLettered.Load(),
		Abandoned: r.abandoned.Load(), Commits: r.commits.Load(), CommitErrors: r.commitErrors.Load(),
		Generations: r.generations.Load(),
	}
}

// InFlight is the number of records dispatched and not yet finished.
func (r *Runner) InFlight() int { return int(r.inFlight.Load()) }

// Buffered returns the bytes held now under MaxBufferedBytes (records
// fetched and not finished, their outputs) and the most held at once since
// New. Safe to call concurrently.
func (r *Runner) Buffered() (held, peak int64) { return r.budget.state() }

// Run checks that every topic exists, joins the group and processes records
// until ctx is cancelled, then shuts down: the current generation stops
// fetching, lets in-flight records finish within ShutdownTimeout
// (cancelling those still running when it is spent), commits what
// finished and leaves the group; the producer is flushed and closed.
//
// Run returns nil after a clean shutdown, an error when it cannot start, and
// a *FatalError when the dead-letter topic refuses a record for good (the
// record is not committed). Run must be called once.
func (r *Runner) Run(ctx context.Context) error {
	log := r.cfg.Logger
	if err := r.checkTopics(ctx); err != nil {
		r.close()
		return err
	}
	cg, err := kafka.NewConsumerGroup(r.groupConfig())
	if err != nil {
		r.close()
		return fmt.Errorf("consumer: %w", err)
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	r.stop = stop

	var lagDone sync.WaitGroup
	lagCtx, stopLag := context.WithCancel(context.WithoutCancel(ctx))
	lagDone.Go(func() { r.lagLoop(lagCtx) })

	log.Info("consumer started", "group", r.cfg.GroupID, "topics", r.cfg.Topics, "max_in_flight", r.cfg.MaxInFlight, "max_buffered_bytes", r.cfg.MaxBufferedBytes, "checkpoint_limit", r.cfg.CheckpointLimit)
	for {
		gen, err := cg.Next(runCtx)
		if err != nil {
			if runCtx.Err() != nil {
				break
			}
			r.health.groupFailed(err)
			log.Warn("cannot join the consumer group, retrying", "group", r.cfg.GroupID, "err", err)
			continue
		}
		r.generations.Add(1)
		g := r.newGeneration(runCtx, gen)
		r.health.joined(g)
		gen.Start(g.run)
	}
	// Closing the group ends the current generation: it drains and commits
	// (generation.run) before the member leaves.
	if err := cg.Close(); err != nil {
		log.Warn("leaving the consumer group", "err", err)
	}
	stopLag()
	lagDone.Wait()
	r.close()
	log.Info("consumer stopped", "stats", r.Stats())
	return r.fatal()
}

// fail stops the runner with err (the first one wins).
func (r *Runner) fail(err error) {
	r.fatalMu.Lock()
	first := r.fatalErr == nil
	if first {
		r.fatalErr = err
	}
	r.fatalMu.Unlock()
	if first {
		r.cfg.Logger.Error("stopping: a record cannot be published or dead-lettered", "err", err)
		r.stop()
	}
}

func (r *Runner) fatal() error {
	r.fatalMu.Lock()
	defer r.fatalMu.Unlock()
	return r.fatalErr
}

// close flushes and closes the producer and the fetch connections once.
func (r *Runner) close() {
	r.closeOnce.Do(func() {
		defer r.transport.CloseIdleConnections()
		if err := r.writer.Close(); err != nil && !errors.Is(err, context.Canceled) {
			r.cfg.Logger.Warn("producer close", "err", err)
		}
	})
}
