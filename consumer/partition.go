package consumer

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"
)

// partition is one assigned partition during one generation: its own
// reader (kafka-go without a group; the generation owns the assignment),
// its checkpoint window, its commit tracker and its publish fence.
type partition struct {
	tp     topicPartition
	r      *Runner
	reader *kafka.Reader
	// window holds one token per record fetched and not yet committed;
	// fetching blocks when it is full (CheckpointLimit).
	window chan struct{}
	track  *tracker
	fence  fence
	// stall detection, read and written by the lag loop only
	moves      int64
	movedAt    time.Time
	stalled    bool
	lastCommit atomic.Int64
}

func (r *Runner) newPartition(tp topicPartition, start int64) *partition {
	rd := kafka.NewReader(r.partitionReaderConfig(tp))
	p := &partition{tp: tp, r: r, reader: rd, window: make(chan struct{}, r.cfg.CheckpointLimit), track: newTracker(start), movedAt: time.Now()}
	p.lastCommit.Store(start)
	if err := rd.SetOffset(start); err != nil {
		// Only fails on a reader that already fetched: cannot happen here.
		r.cfg.Logger.Error("seek", "topic", tp.topic, "partition", tp.partition, "offset", start, "err", err)
	}
	return p
}

// fetch reads records until ctx (the generation) is done and dispatches each
// to its key's lane. It blocks while the checkpoint window is full or
// MaxInFlight records are unfinished, so a slow record slows fetching
// instead of growing memory or the duplicate window.
func (p *partition) fetch(ctx context.Context, g *generation) {
	b := newBackoff(100*time.Millisecond, 5*time.Second)
	for {
		select {
		case p.window <- struct{}{}:
		case <-ctx.Done():
			return
		}
		m, err := p.reader.FetchMessage(ctx)
		if err != nil {
			<-p.window
			if ctx.Err() != nil {
				return
			}
			p.r.cfg.Logger.Warn("fetch failed, retrying", "topic", p.tp.topic, "partition", p.tp.partition, "err", err)
			if !sleep(ctx, b.next()) {
				return
			}
			continue
		}
		b.reset()
		select {
		case p.r.sem <- struct{}{}:
		case <-ctx.Done():
			<-p.window // fetched, never dispatched: the next owner reads it
			return
		}
		tk := p.track.add(m.Offset)
		p.r.fetched.Add(1)
		n := p.r.inFlight.Add(1)
		p.r.cfg.Observer.Consumed(m, int(n))
		g.lanes.submit(laneKey{p.tp, string(m.Key)}, func() {
			defer func() { <-p.r.sem }()
			g.process(p, m, tk)
		})
	}
}

// process handles one record to its end: outputs (or its dead letter)
// acknowledged, then marked finished for the committer. When the
// generation's budget is spent first the record is abandoned: not
// published, not committed, redelivered to the partition's next owner.
func (g *generation) process(p *partition, m kafka.Message, tk *ticket) {
	r := g.r
	if g.work.Err() != nil {
		r.abandon(m)
		return
	}
	d, err := r.path.Decide(g.work, m)
	if err == nil {
		d, err = r.path.Publish(g.work, m, d, &p.fence)
	}
	if err != nil {
		var fatal *FatalError
		if errors.As(err, &fatal) {
			r.fail(fmt.Errorf("%w (record %s/%d/%d)", err, m.Topic, m.Partition, m.Offset))
		}
		r.abandon(m)
		return
	}
	if p.track.finish(tk) > 0 {
		if _, covered, ok := p.track.point(); ok && covered >= cap(p.window)/2 {
			g.askCommit()
		}
	}
	var e2e time.Duration
	if !m.Time.IsZero() {
		e2e = time.Since(m.Time)
	}
	n := int(r.inFlight.Add(-1))
	if d.Cause != nil {
		r.deadLettered.Add(1)
		r.cfg.Observer.Finished(m, DeadLettered, d.Reason(), e2e, n)
	} else {
		r.published.Add(1)
		r.cfg.Observer.Finished(m, Published, "", e2e, n)
	}
}

func (r *Runner) abandon(m kafka.Message) {
	r.abandoned.Add(1)
	n := int(r.inFlight.Add(-1))
	r.cfg.Observer.Finished(m, Abandoned, "", 0, n)
}

// committed records a successful commit of offset covering n records and
// frees their window tokens.
func (p *partition) committed(offset int64, n int) {
	p.track.commitDone(offset, n)
	p.lastCommit.Store(offset)
	for range n {
		<-p.window
	}
}

func (p *partition) close() {
	if err := p.reader.Close(); err != nil {
		p.r.cfg.Logger.Debug("reader close", "topic", p.tp.topic, "partition", p.tp.partition, "err", err)
	}
	p.r.cfg.Observer.Released(p.tp.topic, p.tp.partition)
}
