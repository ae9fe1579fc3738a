package processors

import (
	"context"
	"sync"
	"time"
)

// lazyDeadline is context.WithDeadline(parent, deadline) that starts no
// timer and registers nothing with its parent until something waits on it:
// Deadline reports the deadline, Err compares the clock with it (after the
// parent's own error), and the first Done call makes the real
// context.WithDeadline, which from then on answers Done, Err and Value. A
// processor that only checks ctx.Err() (the rules, on entry) so costs a
// clock read instead of a timer, a context and a lock on the parent's
// children; one that waits (an LLM call's select, its HTTP request) gets
// the same context as before, with the same deadline.
//
// Cancelling (the returned func) fixes Err to what it would be then
// (parent's error, DeadlineExceeded when the deadline has passed, else
// Canceled) and closes Done. context.Cause on an unarmed lazyDeadline
// sees the parent's cause only. Safe for concurrent use.
type lazyDeadline struct {
	parent   context.Context
	deadline time.Time

	mu      sync.Mutex
	armed   context.Context // the real context, once Done was called
	disarm  context.CancelFunc
	stopped error // the error fixed by cancel, when cancelled unarmed
}

func withLazyDeadline(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	c := newLazyDeadline(parent, d)
	return c, c.cancel
}

// newLazyDeadline is withLazyDeadline for a caller that calls c.cancel
// itself (no CancelFunc to allocate).
func newLazyDeadline(parent context.Context, d time.Duration) *lazyDeadline {
	c := &lazyDeadline{parent: parent, deadline: time.Now().Add(d)}
	if pd, ok := parent.Deadline(); ok && pd.Before(c.deadline) {
		c.deadline = pd // as context.WithDeadline: the earlier one holds
	}
	return c
}

func (c *lazyDeadline) Deadline() (time.Time, bool) { return c.deadline, true }

func (c *lazyDeadline) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped != nil && c.armed == nil {
		return closed
	}
	if c.armed == nil {
		c.armed, c.disarm = context.WithDeadline(c.parent, c.deadline)
	}
	return c.armed.Done()
}

// closed is the Done channel of a lazyDeadline cancelled before anything
// waited on it.
var closed = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

func (c *lazyDeadline) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.stopped != nil:
		return c.stopped
	case c.armed != nil:
		return c.armed.Err()
	}
	return c.errNow()
}

func (c *lazyDeadline) Value(key any) any {
	c.mu.Lock()
	ctx := c.armed
	c.mu.Unlock()
	if ctx == nil {
		ctx = c.parent
	}
	return ctx.Value(key)
}

// errNow is the error of an unarmed, uncancelled context now.
func (c *lazyDeadline) errNow() error {
	if err := c.parent.Err(); err != nil {
		return err
	}
	if !time.Now().Before(c.deadline) {
		return context.DeadlineExceeded
	}
	return nil
}

func (c *lazyDeadline) cancel() {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.stopped != nil:
	case c.armed != nil:
		c.disarm()
		c.stopped = c.armed.Err()
	default:
		if c.stopped = c.errNow(); c.stopped == nil {
			c.stopped = context.Canceled
		}
	}
}
