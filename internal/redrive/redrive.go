// Package redrive re-drives dead letters: it republishes the original key,
// value and headers of dead-lettered records to their original topics, so
// they go through "triage run" again. A run is bounded (the dead-letter
// partitions are read between offsets fixed when it starts), idempotent (a
// compacted ledger topic records each dead letter re-driven, and a run
// interrupted between publishing and recording is reconciled by the next),
// and reports every selected dead letter it cannot re-drive. One run at a
// time: two concurrent runs over the same dead letters may both copy them.
package redrive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkaauth"
	"github.com/triage/triage/internal/replay"
)

// Config is one re-drive run.
type Config struct {
	Cluster  kafkaauth.Cluster
	DLQTopic string
	// Ledger is the compacted topic of what was re-driven (created when
	// missing, except in a dry run).
	Ledger string
	// From and To bound the dead letters' timestamps (From inclusive, To
	// exclusive; zero: the beginning / the end offsets at start).
	From, To time.Time
	Select   Selector
	Max      int64 // re-drive at most this many (0: no cap)
	DryRun   bool  // read and report; write nothing, not even the ledger
	RunID    string
	// BatchSize is how many copies are published before they are recorded
	// (default 100).
	BatchSize int
	// FetchMaxBytes bounds one fetch (default 16 MiB); StallTimeout fails a
	// partition whose read stops moving (default replay.DefaultStallTimeout).
	FetchMaxBytes int
	StallTimeout  time.Duration
	Writer        Writer    // default newWriter(Cluster)
	Progress      io.Writer // progress lines (nil: none)
	Every         time.Duration
	Now           func() time.Time // default time.Now
}

// errMax stops reading when Config.Max dead letters are re-driven.
var errMax = errors.New("redrive: --max reached")

// Run re-drives the selected dead letters of cfg.DLQTopic between
// cfg.From and cfg.To, partition by partition in offset order, in batches:
// the copies of a batch are published (acks from all in-sync replicas),
// then recorded in the ledger. It blocks until every partition is read,
// Max is reached, a write fails or ctx is cancelled. Cancelling stops at a
// batch boundary: a batch already being published is finished and
// recorded, so a cancelled run leaves nothing to reconcile; the next run
// takes up where it stopped. The error is nil when cancelled or done.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.DLQTopic == "" || cfg.Ledger == "" || cfg.RunID == "" || len(cfg.Cluster.Brokers) == 0 {
		return nil, errors.New("redrive: Cluster, DLQTopic, Ledger and RunID are required")
	}
	if err := cfg.Select.Check(); err != nil {
		return nil, err
	}
	cfg.defaults()
	ranges, err := replay.Resolve(ctx, cfg.Cluster, replay.Window{Topics: []string{cfg.DLQTopic}, From: cfg.From, To: cfg.To})
	if err != nil {
		return nil, err
	}
	exists, err := ensureLedger(ctx, cfg.Cluster, cfg.Ledger, !cfg.DryRun)
	if err != nil {
		return nil, err
	}
	led, err := loadLedger(ctx, cfg.Cluster, cfg.Ledger, exists, cfg.StallTimeout)
	if err != nil {
		return nil, err
	}
	r := &run{cfg: cfg, led: led, res: newResult(cfg.DryRun), st: &State{start: cfg.Now()}, opened: map[string]openEntry{}}
	for _, rg := range ranges {
		r.st.total += rg.Len()
	}
	if !cfg.DryRun {
		if r.w = cfg.Writer; r.w == nil {
			w := newWriter(cfg.Cluster)
			defer w.Close()
			r.w = w
		}
	}
	if r.res.Reconciled, err = reconcile(ctx, cfg.Cluster, led, r.w, cfg.StallTimeout, cfg.Now()); err != nil {
		return r.res, err
	}
	if cfg.Progress != nil {
		wctx, stop := context.WithCancel(ctx)
		watched := make(chan struct{})
		go func() { defer close(watched); Watch(wctx, cfg.Progress, cfg.Every, r.st) }()
		defer func() { stop(); <-watched }()
	}
	return r.res, r.all(ctx, ranges)
}

func (cfg *Config) defaults() {
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 100
	}
	if cfg.FetchMaxBytes == 0 {
		cfg.FetchMaxBytes = 16 << 20
	}
	if cfg.StallTimeout == 0 {
		cfg.StallTimeout = replay.DefaultStallTimeout
	}
	if cfg.Every <= 0 {
		cfg.Every = 5 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
}

// all reads the ranges in turn and, when every write was recorded, closes
// this run's open ledger entries.
func (r *run) all(ctx context.Context, ranges []replay.Range) error {
	var err error
	for _, rg := range ranges {
		var next int64
		next, err = replay.ReadRange(ctx, r.cfg.Cluster, rg, r.cfg.FetchMaxBytes, r.cfg.StallTimeout, func(m kafka.Message) error { return r.take(ctx, m) })
		if err == nil || errors.Is(err, errMax) {
			if ferr := r.flush(ctx); ferr != nil {
				err = ferr
			}
		}
		rr := RangeResult{Range: rg, Next: next}
		switch {
		case errors.Is(err, errMax):
			r.res.MaxReached = true
		case err != nil && ctx.Err() != nil:
			r.res.Stopped = true
		case err != nil:
			rr.Err = err
		}
		r.res.Ranges = append(r.res.Ranges, rr)
		if err != nil {
			break
		}
	}
	if !r.unsure {
		for _, e := range r.opened {
			if cerr := r.led.setOpen(context.WithoutCancel(ctx), r.w, e, true); cerr != nil && err == nil {
				err = cerr
			}
		}
	}
	if errors.Is(err, errMax) || r.res.Stopped {
		return nil
	}
	return err
}

// run is one Run's working state; only its goroutine uses it.
type run struct {
	cfg    Config
	led    *ledger
	w      Writer // nil in a dry run
	res    *Result
	st     *State
	batch  []Letter
	opened map[string]openEntry // this run's open entries, by topic
	unsure bool                 // a write failed: copies may be unrecorded
}

// take classifies one dead letter and queues it for the next batch. It
// stops reading (returns ctx's error) once ctx is cancelled.
func (r *run) take(ctx context.Context, m kafka.Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.res.Read++
	r.st.read.Add(1)
	if (!r.cfg.From.IsZero() && m.Time.Before(r.cfg.From)) || (!r.cfg.To.IsZero() && !m.Time.Before(r.cfg.To)) {
		r.res.Unselected++
		r.st.unselected.Add(1)
		return nil
	}
	l := Open(m, r.cfg.DLQTopic)
	why := l.Cut
	if why != SkipUnreadable {
		var picked bool
		if picked, why = r.cfg.Select.picks(l); !picked {
			r.res.Others[l.Reason]++
			r.res.Unselected++
			r.st.unselected.Add(1)
			return nil
		}
		if r.led.isDone(l.At) {
			r.res.Already++
			r.st.already.Add(1)
			return nil
		}
		if why == "" {
			why = l.Cut
		}
	}
	if why != "" {
		r.res.skip(why, l.At)
		r.st.skipped.Add(1)
		return nil
	}
	r.batch = append(r.batch, l)
	if r.cfg.Max > 0 && r.res.Redriven+int64(len(r.batch)) >= r.cfg.Max {
		if err := r.flush(ctx); err != nil {
			return err
		}
		return errMax
	}
	if len(r.batch) >= r.cfg.BatchSize {
		return r.flush(ctx)
	}
	return nil
}

// flush publishes the batch and records it. The writes are not cut short
// by cancellation (a started batch is finished and recorded); the writer's
// own timeouts bound them.
func (r *run) flush(ctx context.Context) error {
	batch := r.batch
	r.batch = nil
	if len(batch) == 0 {
		return nil
	}
	if r.w == nil {
		for _, l := range batch {
			r.done(l)
		}
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	msgs := make([]kafka.Message, len(batch))
	for i, l := range batch {
		if _, ok := r.opened[l.Source.Topic]; !ok {
			e := openEntry{Run: r.cfg.RunID, Topic: l.Source.Topic, At: r.cfg.Now().UTC()}
			var err error
			if e.Ends, err = ends(ctx, r.cfg.Cluster, e.Topic); err != nil {
				return err
			}
			if err := r.led.setOpen(ctx, r.w, e, false); err != nil {
				return err
			}
			r.opened[e.Topic] = e
		}
		msgs[i] = l.Copy()
	}
	werr := r.w.WriteMessages(ctx, msgs...)
	var perMsg kafka.WriteErrors
	r.unsure = r.unsure || werr != nil // a refused write may have been taken: reconcile
	if werr != nil && !errors.As(werr, &perMsg) {
		return fmt.Errorf("redrive: publish %d copies (the next run reconciles whatever the broker took): %w", len(msgs), werr)
	}
	copies := map[Coord]string{}
	for i, l := range batch {
		if perMsg == nil || perMsg[i] == nil {
			copies[l.At] = l.Source.Topic
		}
	}
	if err := r.led.markDone(ctx, r.w, r.cfg.RunID, r.cfg.Now(), copies); err != nil {
		r.unsure = true
		return err
	}
	for _, l := range batch {
		if _, ok := copies[l.At]; ok {
			r.done(l)
		}
	}
	if werr != nil {
		return fmt.Errorf("redrive: publish %d of %d copies refused: %w", len(batch)-len(copies), len(batch), werr)
	}
	return nil
}

func (r *run) done(l Letter) {
	r.res.redrove(l)
	r.st.redriven.Add(1)
}
