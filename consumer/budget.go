package consumer

import (
	"context"
	"slices"
	"sync"

	"github.com/segmentio/kafka-go"
)

// budget bounds the bytes a runner holds: records fetched and not yet
// finished (waiting for dispatch, being handled, waiting for their
// outputs' acknowledgement) and those outputs. Fetching takes its share
// before it reads (take), then trades it for what it read (trade), so
// memory stops growing when the budget is spent; a record's outputs,
// which exist once it is decided, are added without waiting (add); all is
// given back when the record finishes (give).
//
// Takes are served in arrival order, so a large one is not starved by
// small ones. A take larger than the whole budget passes when nothing is
// held, so a single record larger than the budget is read alone and never
// deadlocks. Safe for concurrent use.
type budget struct {
	mu    sync.Mutex
	max   int64
	held  int64
	peak  int64
	queue []*int        // waiting takes, in arrival order
	freed chan struct{} // closed and replaced when bytes are given back or the queue moves
}

func newBudget(max int64) *budget { return &budget{max: max, freed: make(chan struct{})} }

// fits reports whether n more bytes may be held now.
func (b *budget) fits(n int64) bool { return b.held == 0 || b.held+n <= b.max }

// take blocks until n bytes fit (or nothing is held) and every earlier
// take passed, and holds them. It reports false, holding nothing, when ctx
// ends first.
func (b *budget) take(ctx context.Context, n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.queue) == 0 && b.fits(n) {
		b.hold(n)
		return true
	}
	me := new(int)
	b.queue = append(b.queue, me)
	for {
		if b.queue[0] == me && b.fits(n) {
			b.queue = b.queue[1:]
			b.hold(n)
			b.wake()
			return true
		}
		freed := b.freed
		b.mu.Unlock()
		select {
		case <-freed:
			b.mu.Lock()
		case <-ctx.Done():
			b.mu.Lock()
			b.queue = slices.DeleteFunc(b.queue, func(w *int) bool { return w == me })
			b.wake()
			return false
		}
	}
}

// trade replaces taken bytes by got, what a fetch actually read, when got
// is not more, fits, or is all that would be held. Otherwise it gives taken
// back, holds nothing and reports false: the caller drops what it read,
// takes got (waiting for room) and reads again.
func (b *budget) trade(taken, got int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.held -= taken
	ok := got <= taken || b.fits(got)
	if ok {
		b.hold(got)
	}
	b.wake()
	return ok
}

// add holds n bytes without waiting.
func (b *budget) add(n int64) {
	b.mu.Lock()
	b.hold(n)
	b.mu.Unlock()
}

func (b *budget) hold(n int64) {
	b.held += n
	b.peak = max(b.peak, b.held)
}

// give returns n bytes and wakes the waiting takes.
func (b *budget) give(n int64) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	b.held -= n
	b.wake()
	b.mu.Unlock()
}

// wake lets waiting takes look again. b.mu is held. Every waiting take
// is in the queue: with none, there is no one to wake (and no channel to
// make per record).
func (b *budget) wake() {
	if len(b.queue) == 0 {
		return
	}
	close(b.freed)
	b.freed = make(chan struct{})
}

// state returns the bytes held now and the most ever held at once.
func (b *budget) state() (held, peak int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.held, b.peak
}

// size is what a message holds in memory: key, value and headers.
func size(m kafka.Message) int64 {
	n := len(m.Key) + len(m.Value)
	for _, h := range m.Headers {
		n += len(h.Key) + len(h.Value)
	}
	return int64(n)
}

// sizes is the total size of msgs.
func sizes(msgs []kafka.Message) int64 {
	var n int64
	for _, m := range msgs {
		n += size(m)
	}
	return n
}
