package replay

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestProgressLines(t *testing.T) {
	st := NewState([]Range{{"in", 0, 0, 100}, {"in", 1, 10, 20}, {"in", 2, 5, 5}})
	st.start = time.Now().Add(-10 * time.Second)
	st.ranges[0].next.Store(50)
	st.ranges[1].next.Store(20)
	st.add(published, "llm")
	lines := progressLines(st, time.Now(), 12)
	if len(lines) != 2 {
		t.Fatalf("lines %q: want the total and one unfinished partition", lines)
	}
	for _, want := range []string{"total 60/110 (54.5%) 6.0/s ETA 8s", "partitions 2/3 done", "published 1"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("total line %q lacks %q", lines[0], want)
		}
	}
	if !strings.Contains(lines[1], "in/0 50/100 (50.0%) 5.0/s ETA 10s") {
		t.Errorf("partition line %q", lines[1])
	}
	if more := progressLines(st, time.Now(), 0); !strings.Contains(more[1], "1 more partitions") {
		t.Errorf("hidden partitions not counted: %q", more)
	}
}

// TestWatchPlainAndTerminal cancels Watch once it has shown a progress
// block (not after a fixed time, which a loaded machine can use up before
// the first tick).
func TestWatchPlainAndTerminal(t *testing.T) {
	for _, tty := range []bool{false, true} {
		st := NewState([]Range{{"in", 0, 0, 10}})
		w := &signalWriter{want: "replay total 0/10", seen: make(chan struct{})}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan struct{})
		go func() {
			defer close(done)
			Watch(ctx, w, tty, 10*time.Millisecond, st)
		}()
		for _, c := range []chan struct{}{w.seen, done} {
			select {
			case <-c:
			case <-time.After(30 * time.Second):
				t.Fatalf("tty=%v: no progress line, or Watch did not return after cancel: %q", tty, w.String())
			}
			cancel()
		}
		out := w.String()
		if hasEsc := strings.Contains(out, "\033["); hasEsc != tty {
			t.Errorf("tty=%v: escape codes present = %v", tty, hasEsc)
		}
	}
}

// signalWriter collects writes and closes seen once they contain want.
type signalWriter struct {
	mu   sync.Mutex
	b    bytes.Buffer
	want string
	seen chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	had := strings.Contains(w.b.String(), w.want)
	n, err := w.b.Write(p)
	if !had && strings.Contains(w.b.String(), w.want) {
		close(w.seen)
	}
	return n, err
}

func (w *signalWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}
