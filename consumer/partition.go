package consumer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"
)

// partition is one assigned partition during one generation: its fetch
// position (read_committed, see FetchPartition), its checkpoint window,
// its commit tracker and its publish fence.
type partition struct {
	tp    topicPartition
	r     *Runner
	start int64 // assigned offset: absolute, or kafka.FirstOffset/LastOffset
	// window holds one token per record fetched and not yet committed;
	// fetching blocks when it is full (CheckpointLimit).
	window chan struct{}
	// fetchMax bounds one fetch's bytes: the generation's share of
	// MaxBufferedBytes (see generation.shareFetches).
	fetchMax int
	track    *tracker
	fence    fence
	// stall detection, read and written by the lag loop only
	moves   int64
	movedAt time.Time
	stalled bool
}

func (r *Runner) newPartition(tp topicPartition, start int64) *partition {
	return &partition{tp: tp, r: r, start: start, window: make(chan struct{}, r.cfg.CheckpointLimit), track: newTracker(start), movedAt: time.Now()}
}

// fetch reads records until ctx (the generation) is done and dispatches each
// to its key's lane. It blocks while the checkpoint window is full,
// MaxInFlight records are unfinished or MaxBufferedBytes are held, so a
// slow record slows fetching instead of growing memory or the duplicate
// window. Records of aborted transactions and transaction markers are
// skipped like a read_committed Kafka consumer skips them; their offsets
// count as done.
//
// Each record's bytes are held from its fetch (see read) until it
// finishes or, when the generation ends first, until it is left undispatched.
func (p *partition) fetch(ctx context.Context, g *generation) {
	b := newBackoff(100*time.Millisecond, 5*time.Second)
	bud := p.r.budget
	pos, ok := p.position(ctx, b)
	for ok {
		f, err := p.read(ctx, pos)
		if ctx.Err() != nil {
			bud.give(sizes(f.Records))
			return
		}
		if err != nil {
			bud.give(sizes(f.Records))
			if errors.Is(err, kafka.OffsetOutOfRange) && f.LogStart > pos {
				p.r.cfg.Logger.Error("records deleted by retention before they were read; continuing at the log start",
					"topic", p.tp.topic, "partition", p.tp.partition, "from", pos, "to", f.LogStart)
				p.track.skip(f.LogStart)
				pos = f.LogStart
				continue
			}
			p.r.cfg.Logger.Warn("fetch failed, retrying", "topic", p.tp.topic, "partition", p.tp.partition, "offset", pos, "err", err)
			ok = sleep(ctx, b.next())
			continue
		}
		b.reset()
		for i, m := range f.Records {
			if !p.dispatch(ctx, g, m) {
				bud.give(sizes(f.Records[i:]))
				return // not dispatched: the next owner reads it
			}
		}
		if f.Next > pos {
			p.track.skip(f.Next)
			pos = f.Next
		}
	}
}

// read fetches from pos under the byte budget and returns the fetch with
// its records' bytes held. A fetch that read more than its share and does
// not fit (a batch larger than the share, compressed data) is dropped and
// read again once its bytes fit, or nothing else is held. On ctx's end
// the returned records' bytes are held too: the caller gives them back.
func (p *partition) read(ctx context.Context, pos int64) (Fetch, error) {
	bud, share := p.r.budget, int64(p.fetchMax)
	if !bud.take(ctx, share) {
		return Fetch{Next: pos}, ctx.Err()
	}
	f, err := FetchPartition(ctx, p.r.transport, p.r.addr, p.tp.topic, p.tp.partition, pos, p.fetchMax)
	got := sizes(f.Records)
	if bud.trade(share, got) {
		return f, err
	}
	f = Fetch{} // let it go before waiting
	if !bud.take(ctx, got) {
		return Fetch{Next: pos}, ctx.Err()
	}
	f, err = FetchPartition(ctx, p.r.transport, p.r.addr, p.tp.topic, p.tp.partition, pos, p.fetchMax)
	// More may have been appended since: hold what was read.
	if d := sizes(f.Records) - got; d > 0 {
		bud.add(d)
	} else {
		bud.give(-d)
	}
	return f, err
}

// dispatch takes a window token and an in-flight token (the record's slot,
// which its handler may park) for m, registers it and submits it to its
// key's lane. It reports false when ctx ended first.
func (p *partition) dispatch(ctx context.Context, g *generation, m kafka.Message) bool {
	select {
	case p.window <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	select {
	case p.r.sem <- struct{}{}:
	case <-ctx.Done():
		<-p.window
		return false
	}
	tk := p.track.add(m.Offset)
	p.r.fetched.Add(1)
	n := p.r.inFlight.Add(1)
	p.r.cfg.Observer.Consumed(m, int(n))
	t := &task{g: g, p: p, m: m, tk: tk, s: slot{sem: p.r.sem, held: true}}
	g.lanes.submitJob(laneKey{p.tp, string(m.Key)}, t)
	return true
}

// task is one dispatched record: the job its lane runs, with its slot and
// the context carrying it, in one allocation.
type task struct {
	g   *generation
	p   *partition
	m   kafka.Message
	tk  *ticket
	s   slot
	ctx slotCtx
}

func (t *task) run() {
	defer t.s.finish()
	t.ctx = slotCtx{t.g.work, &t.s}
	t.g.process(&t.ctx, t.p, t.m, t.tk)
}

// position resolves the assigned offset to an absolute one: the group's
// committed offset, or the log start or end (start_offset) when there is
// none. It retries until it succeeds or ctx ends (ok false).
func (p *partition) position(ctx context.Context, b *backoff) (int64, bool) {
	if p.start >= 0 {
		return p.start, true
	}
	client := &kafka.Client{Addr: p.r.addr, Transport: p.r.transport, Timeout: 10 * time.Second}
	for {
		resp, err := client.ListOffsets(ctx, &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{
			p.tp.topic: {{Partition: p.tp.partition, Timestamp: p.start}}}, IsolationLevel: kafka.ReadCommitted})
		if err == nil {
			for _, po := range resp.Topics[p.tp.topic] {
				if po.Error == nil && po.Partition == p.tp.partition {
					off := po.FirstOffset
					if p.start == kafka.LastOffset {
						off = po.LastOffset
					}
					return off, true
				}
				err = po.Error
			}
		}
		if ctx.Err() != nil {
			return 0, false
		}
		p.r.cfg.Logger.Warn("cannot find the start offset, retrying", "topic", p.tp.topic, "partition", p.tp.partition, "err", err)
		if !sleep(ctx, b.next()) {
			return 0, false
		}
	}
}

// process handles one record to its end: outputs (or its dead letter)
// acknowledged, then marked finished for the committer. When the
// generation's budget is spent first the record is abandoned: not
// published, not committed, redelivered to the partition's next owner.
func (g *generation) process(work context.Context, p *partition, m kafka.Message, tk *ticket) {
	r := g.r
	held := size(m) // taken by fetch; given back when m is finished
	defer func() { r.budget.give(held) }()
	if g.work.Err() != nil {
		r.abandon(m)
		return
	}
	ctx, end := r.path.Trace(work, m)
	d, err := r.path.Decide(ctx, m)
	if err == nil {
		out := sizes(d.Outputs) // exist already: held without waiting
		r.budget.add(out)
		held += out
		d, err = r.path.Publish(ctx, m, d, &p.fence)
	}
	end(d, err)
	if err != nil {
		var fatal *FatalError
		if errors.As(err, &fatal) {
			r.fail(fmt.Errorf("%w (record %s/%d/%d)", err, m.Topic, m.Partition, m.Offset))
		}
		r.abandon(m)
		return
	}
	if p.track.finish(tk) > 0 {
		// Commit at once when a quarter of the window waits for it: the
		// window's tokens come back only with a commit, and waiting for
		// CommitInterval would hold fetching back while many records are
		// in flight (LLM calls at llm.concurrency).
		if _, covered, ok := p.track.point(); ok && covered >= max(cap(p.window)/4, 1) {
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
	for range n {
		<-p.window
	}
}

func (p *partition) close() {
	p.r.cfg.Observer.Released(p.tp.topic, p.tp.partition)
}
