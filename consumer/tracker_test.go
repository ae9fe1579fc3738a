package consumer

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/segmentio/kafka-go"
)

func TestTrackerCommitsOnlyContiguousPrefix(t *testing.T) {
	tests := []struct {
		name    string
		start   int64
		fetch   []int64
		finish  []int // indexes into fetch, in finishing order
		want    int64 // offset to commit (next to read); -1 for none
		covered int
	}{
		{"nothing finished", 0, []int64{0, 1, 2}, nil, -1, 0},
		{"in order", 0, []int64{0, 1, 2}, []int{0, 1, 2}, 3, 3},
		{"later finished first", 0, []int64{0, 1, 2}, []int{2, 1}, -1, 0},
		{"gap closes", 0, []int64{0, 1, 2}, []int{2, 1, 0}, 3, 3},
		{"prefix only", 0, []int64{0, 1, 2, 3}, []int{0, 1, 3}, 2, 2},
		{"offset gaps (compaction)", 5, []int64{5, 9, 30}, []int{0, 1}, 10, 2},
		{"no committed offset yet: first fetch sets the base", kafka.FirstOffset, []int64{40, 41}, []int{1}, -1, 0},
		{"no committed offset yet, finished", kafka.FirstOffset, []int64{40, 41}, []int{1, 0}, 42, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTracker(tt.start)
			var tks []*ticket
			for _, o := range tt.fetch {
				tks = append(tks, tr.add(o))
			}
			for _, i := range tt.finish {
				tr.finish(tks[i])
			}
			off, n, ok := tr.point()
			if !ok {
				off = -1
			}
			if off != tt.want || n != tt.covered {
				t.Errorf("point = %d covering %d, want %d covering %d", off, n, tt.want, tt.covered)
			}
			if u := unfinished(tr); u != len(tt.fetch)-len(tt.finish) {
				t.Errorf("unfinished = %d, want %d", u, len(tt.fetch)-len(tt.finish))
			}
		})
	}
}

// The commit point never goes backwards: a commit is offered only above
// the last committed offset, and a stale commitDone is ignored. Round 1
// committed 11, then 10, after kafka-go re-fetched from the committed
// offset; a tracker now lives for one generation and starts there.
func TestTrackerNeverMovesBackwards(t *testing.T) {
	tr := newTracker(11)
	if _, _, ok := tr.point(); ok {
		t.Fatal("a fresh tracker offers a commit of its start offset")
	}
	a, b := tr.add(11), tr.add(12)
	tr.finish(a)
	off, n, ok := tr.point()
	if !ok || off != 12 || n != 1 {
		t.Fatalf("point = %d/%d/%v, want 12 covering 1", off, n, ok)
	}
	tr.commitDone(off, n)
	if _, _, ok := tr.point(); ok {
		t.Fatal("the committed offset is offered again")
	}
	tr.commitDone(10, 0) // a stale acknowledgement
	tr.finish(b)
	if off, _, _ := tr.point(); off != 13 {
		t.Fatalf("point after a stale ack = %d, want 13", off)
	}
	if c, _, _ := tr.state(); c != 12 {
		t.Fatalf("committed = %d after a stale ack of 10, want 12", c)
	}
	tr.finish(a) // finishing twice is harmless
	if _, n, _ := tr.point(); n != 1 {
		t.Fatalf("covered = %d after a double finish, want 1", n)
	}
}

// An unfinished (abandoned) record blocks the commit point: it is
// redelivered, never skipped.
func TestTrackerUnfinishedBlocksCommit(t *testing.T) {
	tr := newTracker(0)
	tr.add(0)
	b := tr.add(1)
	tr.finish(b)
	if off, _, ok := tr.point(); ok {
		t.Fatalf("commit %d passes the unfinished record 0", off)
	}
	if _, waiting, _ := tr.state(); !waiting {
		t.Fatal("state says nothing waits for a commit")
	}
}

// TestTrackerConcurrentRandomFinish finishes records in random order from
// many goroutines and checks the commit point never passes an unfinished
// record and ends after the last offset.
func TestTrackerConcurrentRandomFinish(t *testing.T) {
	tr := newTracker(0)
	const n = 2000
	tks := make([]*ticket, n)
	for i := range tks {
		tks[i] = tr.add(int64(i))
	}
	order := rand.Perm(n)
	finished := make([]bool, n)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				idx := order[i]
				mu.Lock()
				finished[idx] = true
				mu.Unlock()
				tr.finish(tks[idx])
				if off, cnt, ok := tr.point(); ok {
					mu.Lock()
					for o := int64(0); o < off; o++ {
						if !finished[o] {
							t.Errorf("commit %d passes unfinished %d", off, o)
						}
					}
					mu.Unlock()
					tr.commitDone(off, cnt)
				}
			}
		})
	}
	wg.Wait()
	if c, waiting, _ := tr.state(); c != n || waiting {
		t.Fatalf("final committed = %d (waiting %v), want %d", c, waiting, n)
	}
}

// Offsets that hold nothing to decide (transaction markers, aborted
// records) after the last record move the commit point once the records
// before them finish: a partition that ends in a commit marker is
// committed to its end, with no lag left.
func TestTrackerSkipsMarkersAfterRecords(t *testing.T) {
	tr := newTracker(0)
	a := tr.add(0)
	tr.skip(3) // offsets 1 and 2: a marker and an aborted record
	if _, _, ok := tr.point(); ok {
		t.Fatal("a gap passed the unfinished record 0")
	}
	if tr.finish(a) != 1 {
		t.Fatal("finish did not count the record")
	}
	off, n, ok := tr.point()
	if !ok || off != 3 || n != 1 {
		t.Fatalf("point = %d covering %d (%v), want 3 covering 1", off, n, ok)
	}
	tr.commitDone(off, n)
	tr.skip(5) // nothing pending: moves at once
	if off, n, _ := tr.point(); off != 5 || n != 0 {
		t.Fatalf("point after a bare gap = %d covering %d, want 5 covering 0", off, n)
	}
	tr.skip(4) // behind the point: ignored
	if off, _, _ := tr.point(); off != 5 {
		t.Fatalf("a stale gap moved the point to %d", off)
	}
}

// unfinished is the number of fetched records of tr not yet finished.
func unfinished(tr *tracker) int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	n := 0
	for _, tk := range tr.pending {
		if !tk.done && !tk.gap {
			n++
		}
	}
	return n
}
