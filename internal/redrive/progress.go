package redrive

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/triage/triage/internal/replay"
)

// State is a run's live progress, safe for concurrent use: the run
// updates it, Watch prints it.
type State struct {
	start                                        time.Time
	total                                        int64 // offsets of the dead-letter ranges
	read, redriven, already, skipped, unselected atomic.Int64
}

// Line is the progress line: dead letters read of the fixed range (with
// rate and ETA) and what became of them.
func (s *State) Line(now time.Time) string {
	return fmt.Sprintf("redrive %s · re-driven %d, already re-driven %d, skipped %d, not selected %d",
		replay.ProgressRow("dead letters", s.read.Load(), s.total, now.Sub(s.start).Seconds()),
		s.redriven.Load(), s.already.Load(), s.skipped.Load(), s.unselected.Load())
}

// Watch writes s.Line to w every `every` until ctx is done, then once
// more (the final figures). It blocks until ctx is done.
func Watch(ctx context.Context, w io.Writer, every time.Duration, s *State) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			fmt.Fprintln(w, s.Line(time.Now()))
			return
		case <-t.C:
			fmt.Fprintln(w, s.Line(time.Now()))
		}
	}
}
