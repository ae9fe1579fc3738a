// Package replay reprocesses history: it reads input topics between fixed
// bounds without a consumer group, decides every record through the live
// service's handler, and publishes the events (marked with the run id) or
// only reports what would change. It also resets a stopped group's offsets
// (ResetOffsets). See README.md for the workflow.
package replay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/triage/triage/internal/kafkaauth"
	"go.opentelemetry.io/otel/trace"
	"golang.org/x/time/rate"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/pipeline"
)

// Writer is the part of *kafka.Writer a replay publishes with.
type Writer = consumer.Writer

// Config is one replay run.
type Config struct {
	Brokers []string
	Auth    *kafkaauth.Auth // TLS and SASL of every connection; nil is plaintext
	Ranges  []Range         // from Resolve
	// Handler is the live service's (pipeline.Build's p.Handler, with
	// ReplayID set): same decoding, processors, cache and event ids.
	Handler consumer.Handler
	RunID   string
	// From and To (when set) also filter records by timestamp, so records
	// with out-of-order timestamps inside the offset range are skipped.
	From, To time.Time
	// OutputTopic replaces the events' topic (dead letters still go to
	// DLQTopic); empty keeps the handler's output topics.
	OutputTopic       string
	DLQTopic          string
	DLQInlineMaxBytes int
	Version           string // triage version, in dead letters
	DryRun            bool   // decide and count, publish nothing
	MaxRate           float64
	// OnlyFallback redecides only inputs whose last event (Index) was a
	// rules fallback (Earlier.Fallback), and publishes a superseding event
	// only when the decision changed.
	OnlyFallback bool
	Index        *Index // earlier events; required by OnlyFallback and Diff
	Diff         *Diff  // nil: no comparison
	Writer       Writer // default consumer.NewWriter(Brokers, 5ms)
	// FetchMaxBytes bounds one fetch (default 16 MiB). StallTimeout fails
	// a partition whose read position does not move for that long before
	// it reaches its end offset (default 60s; see readRange).
	FetchMaxBytes int
	StallTimeout  time.Duration
	Logger        *slog.Logger
	// Tracing makes a span per replayed record, as in the live service
	// (default: none; see consumer.Path.Trace).
	Tracing trace.TracerProvider

	path *consumer.Path // the live service's decide -> dead-letter -> publish path
}

// Run replays cfg.Ranges, all partitions concurrently, each in offset
// order. A partition is done only when its read position reaches its end
// offset. Run blocks until every range is done or failed, or ctx is
// cancelled; on cancel the record being decided is abandoned (not
// published) and Result says, per partition, the next offset to resume
// from. An error that is not a decision failure (a broker refusing writes
// for 30s, a partition stalled for StallTimeout: ErrStalled) fails that
// partition (RangeResult.Err) and is returned; decision failures go to the
// dead-letter topic as in the live service. st, when not nil, is updated as records finish (for
// progress lines); pass NewState(cfg.Ranges).
func Run(ctx context.Context, cfg Config, st *State) (*Result, error) {
	if cfg.Handler == nil || len(cfg.Brokers) == 0 {
		return nil, errors.New("replay: Handler and Brokers are required")
	}
	if (cfg.OnlyFallback || cfg.Diff != nil) && cfg.Index == nil {
		return nil, errors.New("replay: --only-fallback and --diff need the index of earlier events")
	}
	if st == nil {
		st = NewState(cfg.Ranges)
	}
	if cfg.Writer == nil && !cfg.DryRun {
		w := consumer.NewWriter(cfg.Brokers, 5*time.Millisecond, cfg.Auth)
		defer w.Close()
		cfg.Writer = w
	}
	if cfg.FetchMaxBytes == 0 {
		cfg.FetchMaxBytes = 16 << 20
	}
	if cfg.StallTimeout == 0 {
		cfg.StallTimeout = DefaultStallTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.path = &consumer.Path{Handler: cfg.Handler, Writer: cfg.Writer, DLQTopic: cfg.DLQTopic, InlineMax: cfg.DLQInlineMaxBytes,
		Version: cfg.Version, Logger: cfg.Logger, RetryFor: cfg.StallTimeout, Tracing: cfg.Tracing,
		DeadLetterHeaders: []kafka.Header{{Key: pipeline.HeaderReplay, Value: []byte(cfg.RunID)}}}
	var lim *rate.Limiter
	if cfg.MaxRate > 0 {
		lim = rate.NewLimiter(rate.Limit(cfg.MaxRate), 1)
	}
	type done struct {
		i    int
		next int64
		err  error
	}
	results := make(chan done, len(cfg.Ranges))
	for i, r := range cfg.Ranges {
		go func() {
			next, err := readRange(ctx, kafkaauth.Cluster{Brokers: cfg.Brokers, Auth: cfg.Auth}, r, cfg.FetchMaxBytes, cfg.StallTimeout, func(m kafka.Message) error {
				return cfg.one(ctx, m, lim, st)
			})
			st.ranges[i].next.Store(next)
			results <- done{i, next, err}
		}()
	}
	res := &Result{Ranges: make([]RangeResult, len(cfg.Ranges))}
	var errs []error
	for range cfg.Ranges {
		d := <-results
		res.Ranges[d.i] = RangeResult{Range: cfg.Ranges[d.i], Next: d.next}
		if d.err != nil && (ctx.Err() == nil || !errors.Is(d.err, ctx.Err())) {
			res.Ranges[d.i].Err = d.err
			errs = append(errs, d.err)
		}
	}
	res.Stopped = ctx.Err() != nil
	res.Counts = st.Counts()
	return res, errors.Join(errs...)
}

// one replays a single record. It returns an error only to stop the
// partition: ctx cancelled, or publishing failed for good.
func (cfg *Config) one(ctx context.Context, m kafka.Message, lim *rate.Limiter, st *State) error {
	rs := st.byTP[tp{m.Topic, m.Partition}]
	finish := func(k outcome) error {
		st.add(k, "")
		rs.next.Store(m.Offset + 1)
		return nil
	}
	if (!cfg.From.IsZero() && m.Time.Before(cfg.From)) || (!cfg.To.IsZero() && !m.Time.Before(cfg.To)) {
		return finish(skippedOutside)
	}
	c := Coord{m.Topic, m.Partition, m.Offset}
	var earlier Earlier
	var hasEarlier bool
	if cfg.Index != nil {
		earlier, hasEarlier = cfg.Index.Get(c)
	}
	hctx := ctx
	if cfg.OnlyFallback {
		if !hasEarlier || !earlier.Fallback() {
			return finish(skippedNotFallback)
		}
		hctx = pipeline.WithSupersedes(ctx, earlier.ID)
	}
	if lim != nil {
		if err := lim.Wait(ctx); err != nil {
			<-ctx.Done() // Wait fails early when the slot is past ctx's deadline
			return ctx.Err()
		}
	}
	// hctx carries the record's span from here on, also to Publish (its
	// supersedes marker is read by the handler only).
	hctx, end := cfg.path.Trace(hctx, m)
	d, err := cfg.path.Decide(hctx, m)
	defer func() { end(d, err) }()
	if err != nil {
		return err // cancelled, abandoned: resume from this offset
	}
	kind, source := published, ""
	if d.Cause != nil {
		kind = deadLettered
	} else {
		outs := d.Outputs
		ev := parseEvent(outs)
		source = ev.source
		changed := true
		if cfg.Diff != nil {
			changed = cfg.Diff.Add(c, earlier, hasEarlier, ev.id, ev.decision)
		} else if hasEarlier {
			changed = !sameDecision(earlier.Type, earlier.Decision, ev.decision)
		}
		if cfg.OnlyFallback && !changed {
			st.add(unchanged, source)
			rs.next.Store(m.Offset + 1)
			return nil
		}
		if cfg.OutputTopic != "" {
			for i := range outs {
				outs[i].Topic = cfg.OutputTopic
			}
		}
	}
	if !cfg.DryRun {
		if d, err = cfg.path.Publish(hctx, m, d, nil); err != nil {
			return fmt.Errorf("replay: %w", err)
		}
		if d.Cause != nil {
			kind = deadLettered // the broker refused the outputs for good
		}
	}
	st.add(kind, source)
	rs.next.Store(m.Offset + 1)
	return nil
}

type newEvent struct {
	id, source string
	decision   json.RawMessage
}

func parseEvent(outs []kafka.Message) newEvent {
	if len(outs) == 0 {
		return newEvent{}
	}
	var ev struct {
		ID   string `json:"id"`
		Data struct {
			Decision   json.RawMessage `json:"decision"`
			Provenance struct {
				Source         string `json:"source"`
				FallbackReason string `json:"fallback_reason"`
			} `json:"provenance"`
		} `json:"data"`
	}
	v, _ := pipeline.EventJSON(outs[0])
	_ = json.Unmarshal(v, &ev)
	src := ev.Data.Provenance.Source
	if r := ev.Data.Provenance.FallbackReason; r != "" {
		src += "/" + r
	}
	return newEvent{id: ev.ID, source: src, decision: ev.Data.Decision}
}

// RangeResult is where one partition's replay ended: Next == Range.End when
// it is done, else the offset to resume from; Err says why it failed (nil
// when done or cancelled).
type RangeResult struct {
	Range
	Next int64
	Err  error
}

// Result is what a run did.
type Result struct {
	Ranges  []RangeResult
	Stopped bool // cancelled before the end
	Counts  Counts
}

// Remaining returns the positions to resume from (--from-offset) and the
// fixed ends (--to-offset) of the partitions not finished.
func (r *Result) Remaining() (from, to []Position) {
	for _, rr := range r.Ranges {
		if rr.Next < rr.End {
			from = append(from, Position{rr.Topic, rr.Partition, rr.Next})
			to = append(to, Position{rr.Topic, rr.Partition, rr.End})
		}
	}
	return from, to
}
