package consumer

import (
	"context"
	"testing"
	"time"
)

// TestWriteDeadlines: an attempt's context ends more than writeTimeout and
// at most writeTimeout+deadlineSlot after it starts, is never cancelled
// before, and attempts of one slot share it.
func TestWriteDeadlines(t *testing.T) {
	var w writeDeadlines
	base := time.Now().Truncate(deadlineSlot) // real time: the deadlines are real
	var prev context.Context
	shared := 0
	for _, off := range []time.Duration{0, time.Millisecond, 99 * time.Millisecond, 100 * time.Millisecond, 150 * time.Millisecond,
		50 * time.Millisecond, 3 * time.Second, 3*time.Second + 99*time.Millisecond, 2 * time.Second} {
		now := base.Add(off)
		ctx := w.at(now)
		d, ok := ctx.Deadline()
		if !ok || !d.After(now.Add(writeTimeout)) || d.After(now.Add(writeTimeout+deadlineSlot)) {
			t.Fatalf("attempt at +%s: deadline +%s, want in (+%s, +%s]", off, d.Sub(base), off+writeTimeout, off+writeTimeout+deadlineSlot)
		}
		if ctx.Err() != nil {
			t.Fatalf("attempt at +%s: context already ended: %v", off, ctx.Err())
		}
		if ctx == prev {
			shared++
		}
		prev = ctx
	}
	if shared != 4 { // +1ms and +99ms share +0's, +150ms +100ms's, +3.099s +3s's
		t.Errorf("%d attempts shared the previous one's context, want 4", shared)
	}
}
