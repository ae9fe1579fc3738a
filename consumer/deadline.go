package consumer

import (
	"context"
	"sync/atomic"
	"time"
)

// writeDeadlines makes the contexts of write attempts: never cancelled by
// the record's context, ended writeTimeout after the attempt starts (up to
// deadlineSlot later). Attempts that start in the same slot share one
// context, so that an attempt costs a clock read and an atomic load, not a
// context, a timer and a channel of its own per record. The shared context
// carries no values of the record's (writers read none). The zero value is
// ready; safe for concurrent use.
type writeDeadlines struct {
	cur atomic.Pointer[deadlineCtx]
}

// deadlineSlot is how much later than writeTimeout an attempt may end.
const deadlineSlot = 100 * time.Millisecond

type deadlineCtx struct {
	until int64 // the end of the slot, in Unix nanoseconds: attempts starting before it share ctx
	ctx   context.Context
	stop  context.CancelFunc // never called: ctx ends at its deadline
}

// at returns the context of an attempt starting at now: its deadline is
// more than writeTimeout and at most writeTimeout+deadlineSlot after now.
func (w *writeDeadlines) at(now time.Time) context.Context {
	n := now.UnixNano()
	if c := w.cur.Load(); c != nil && n < c.until && n >= c.until-int64(deadlineSlot) {
		return c.ctx
	}
	until := n - n%int64(deadlineSlot) + int64(deadlineSlot)
	c := &deadlineCtx{until: until}
	c.ctx, c.stop = context.WithDeadline(context.Background(), time.Unix(0, until).Add(writeTimeout))
	w.cur.Store(c)
	return c.ctx
}
