package consumer

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/segmentio/kafka-go"
)

func msg(p int, off int64) kafka.Message { return kafka.Message{Topic: "t", Partition: p, Offset: off} }

func TestTrackerCommitsOnlyContiguousPrefix(t *testing.T) {
	tests := []struct {
		name    string
		fetch   []int64
		finish  []int   // indexes into fetch, in finishing order
		want    int64   // committable offset, -1 for none
		wantMsg []int64 // offsets returned by commits()
	}{
		{"nothing finished", []int64{0, 1, 2}, nil, -1, nil},
		{"in order", []int64{0, 1, 2}, []int{0, 1, 2}, 2, []int64{2}},
		{"later finished first", []int64{0, 1, 2}, []int{2, 1}, -1, nil},
		{"gap closes", []int64{0, 1, 2}, []int{2, 1, 0}, 2, []int64{2}},
		{"prefix only", []int64{0, 1, 2, 3}, []int{0, 1, 3}, 1, []int64{1}},
		{"offset gaps (compaction)", []int64{5, 9, 30}, []int{0, 1}, 9, []int64{9}},
		{"refetch after rebalance", []int64{10, 11, 10, 11}, []int{0, 1, 2}, 11, []int64{11}},
		{"refetch, second copy pending", []int64{10, 11, 10, 11}, []int{1, 2}, -1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTracker()
			var tks []*ticket
			for _, o := range tt.fetch {
				tks = append(tks, tr.add(msg(0, o)))
			}
			for _, i := range tt.finish {
				tr.finish(tks[i])
			}
			if got := tr.parts[topicPartition{"t", 0}].committable; got != tt.want {
				t.Errorf("committable = %d, want %d", got, tt.want)
			}
			got := tr.commits()
			if len(got) != len(tt.wantMsg) {
				t.Fatalf("commits = %v, want offsets %v", got, tt.wantMsg)
			}
			for i := range got {
				if got[i].Offset != tt.wantMsg[i] {
					t.Errorf("commit %d = %d, want %d", i, got[i].Offset, tt.wantMsg[i])
				}
			}
			if in := tr.inFlightCount(); in != len(tt.fetch)-len(tt.finish) {
				t.Errorf("inFlight = %d, want %d", in, len(tt.fetch)-len(tt.finish))
			}
		})
	}
}

func TestTrackerCommittedNotRepeated(t *testing.T) {
	tr := newTracker()
	a, b := tr.add(msg(0, 0)), tr.add(msg(1, 7))
	tr.finish(a)
	tr.finish(b)
	c := tr.commits()
	if len(c) != 2 || c[0].Partition != 0 || c[1].Partition != 1 {
		t.Fatalf("commits = %v", c)
	}
	tr.committed(c)
	if c := tr.commits(); len(c) != 0 {
		t.Fatalf("committed offsets returned again: %v", c)
	}
	tr.finish(a) // finishing twice is harmless
	if tr.inFlightCount() != 0 {
		t.Fatalf("inFlight = %d", tr.inFlightCount())
	}
}

func TestTrackerAbandonBlocksCommit(t *testing.T) {
	tr := newTracker()
	a, b := tr.add(msg(0, 0)), tr.add(msg(0, 1))
	tr.abandon(a)
	tr.finish(b)
	if c := tr.commits(); len(c) != 0 {
		t.Fatalf("abandoned record was skipped by commit %v", c)
	}
	if tr.inFlightCount() != 0 {
		t.Fatalf("inFlight = %d", tr.inFlightCount())
	}
}

// TestTrackerConcurrentRandomFinish finishes records in random order from
// many goroutines and checks the commit point never passes an unfinished
// record and ends at the last offset.
func TestTrackerConcurrentRandomFinish(t *testing.T) {
	tr := newTracker()
	const n = 2000
	tks := make([]*ticket, n)
	for i := range tks {
		tks[i] = tr.add(msg(0, int64(i)))
	}
	order := rand.Perm(n)
	finished := make([]bool, n)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += 8 {
				idx := order[i]
				mu.Lock()
				finished[idx] = true
				mu.Unlock()
				tr.finish(tks[idx])
				for _, c := range tr.commits() {
					mu.Lock()
					for o := int64(0); o <= c.Offset; o++ {
						if !finished[o] {
							t.Errorf("commit %d passes unfinished %d", c.Offset, o)
						}
					}
					mu.Unlock()
				}
			}
		}(w)
	}
	wg.Wait()
	c := tr.commits()
	if len(c) != 1 || c[0].Offset != n-1 {
		t.Fatalf("final commits = %v, want offset %d", c, n-1)
	}
}
