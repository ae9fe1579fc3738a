package redrive

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/triage/triage/internal/kafkatest"
)

func TestProgressLine(t *testing.T) {
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	s := &State{start: start, total: 200}
	s.read.Store(50)
	s.redriven.Store(40)
	s.already.Store(5)
	s.skipped.Store(3)
	s.unselected.Store(2)
	want := "redrive dead letters 50/200 (25.0%) 5.0/s ETA 30s · re-driven 40, already re-driven 5, skipped 3, not selected 2"
	if got := s.Line(start.Add(10 * time.Second)); got != want {
		t.Errorf("line\n got %s\nwant %s", got, want)
	}
}

// Watch prints lines while the run goes on and the final figures when it
// ends.
func TestWatchPrintsUntilDone(t *testing.T) {
	s := &State{start: time.Now(), total: 10}
	var out kafkatest.SyncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); Watch(ctx, &out, time.Millisecond, s) }()
	for deadline := time.Now().Add(time.Minute); !strings.Contains(out.String(), "0/10"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no progress line within a minute")
		}
	}
	s.read.Store(10)
	s.redriven.Store(10)
	cancel()
	<-done
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "10/10 (100.0%)") || !strings.Contains(last, "re-driven 10") {
		t.Errorf("last line %q, want the final figures", last)
	}
}
