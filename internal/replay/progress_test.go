package replay

import (
	"bytes"
	"context"
	"strings"
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

func TestWatchPlainAndTerminal(t *testing.T) {
	for _, tty := range []bool{false, true} {
		st := NewState([]Range{{"in", 0, 0, 10}})
		var b bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 1200*time.Millisecond)
		Watch(ctx, &b, tty, 100*time.Millisecond, st)
		cancel()
		out := b.String()
		if !strings.Contains(out, "replay total 0/10") {
			t.Errorf("tty=%v: no progress line in %q", tty, out)
		}
		if hasEsc := strings.Contains(out, "\033["); hasEsc != tty {
			t.Errorf("tty=%v: escape codes present = %v", tty, hasEsc)
		}
	}
}
