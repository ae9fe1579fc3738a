package consumer

import (
	"sort"
	"sync"
)

// topicPartition names one partition.
type topicPartition struct {
	topic     string
	partition int
}

// tracker follows one partition's fetched records during one generation and
// knows the offset that is safe to commit: the one after the longest
// finished prefix in offset order. A record finished out of order (a later
// key before an earlier one) never moves the commit point past an
// unfinished record, so a crash can only redeliver, never skip.
//
// The commit point only moves forward: it starts at the offset the
// generation assigned (the group's committed offset) and a commit is
// offered only when the point is above what was last committed.
//
// Offsets are compared by value, not assumed contiguous: compacted topics
// and transaction markers leave gaps. All methods are safe for concurrent
// use.
type tracker struct {
	mu        sync.Mutex
	pending   []*ticket // fetched and not yet in the committable prefix, by offset
	next      int64     // commit point: offset after the finished prefix; -1 until known
	committed int64     // last committed offset (next to read); -1 when none
	covered   int       // records in the finished prefix not yet committed
	moves     int64     // successful commits, for stall detection
}

// ticket is one fetched record in the tracker, or a gap: offsets that hold
// nothing to decide (transaction markers, aborted records) up to offset.
type ticket struct {
	offset int64
	done   bool
	gap    bool
}

// newTracker starts at start, the generation's assigned offset: an absolute
// offset, or negative (kafka.FirstOffset/LastOffset) when the group has
// none yet, in which case the first fetched record sets it.
func newTracker(start int64) *tracker {
	if start < 0 {
		start = -1
	}
	return &tracker{next: start, committed: start}
}

// add registers a fetched record as in flight and returns its ticket.
func (t *tracker) add(offset int64) *ticket {
	tk := &ticket{offset: offset}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.next < 0 {
		t.next, t.committed = offset, offset // nothing before it to commit
	}
	// Fetches are increasing, so this is normally an append.
	i := sort.Search(len(t.pending), func(i int) bool { return t.pending[i].offset > offset })
	t.pending = append(t.pending, nil)
	copy(t.pending[i+1:], t.pending[i:])
	t.pending[i] = tk
	return tk
}

// finish marks tk done and advances the commit point over the finished
// prefix. It returns how many records joined the prefix.
func (t *tracker) finish(tk *ticket) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if tk.done {
		return 0
	}
	tk.done = true
	return t.advancePrefix()
}

// advancePrefix moves the commit point over the finished prefix and returns
// how many records (not gaps) joined it.
func (t *tracker) advancePrefix() int {
	n, records := 0, 0
	for n < len(t.pending) && t.pending[n].done {
		if !t.pending[n].gap {
			records++
		}
		n++
	}
	if n == 0 {
		return 0
	}
	if last := t.pending[n-1].offset + 1; last > t.next {
		t.next = last
	}
	t.pending = append(t.pending[:0], t.pending[n:]...)
	t.covered += records
	return records
}

// skip says that every offset below to that was not added holds nothing
// to decide (transaction markers, aborted records): once the records
// before it finish, the commit point moves to to, so a partition ending in
// a marker shows no lag.
func (t *tracker) skip(to int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.next < 0 || to <= t.next {
		return
	}
	if len(t.pending) > 0 && t.pending[len(t.pending)-1].offset >= to-1 {
		return
	}
	t.pending = append(t.pending, &ticket{offset: to - 1, done: true, gap: true})
	t.advancePrefix()
}

// point returns the offset to commit (the next record to read) and how many
// records it covers, when it is above the last committed offset.
func (t *tracker) point() (offset int64, covered int, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.next < 0 || t.next <= t.committed {
		return 0, 0, false
	}
	return t.next, t.covered, true
}

// commitDone records that offset, covering n records (as returned by point),
// is committed. A lower offset than one already committed is ignored.
func (t *tracker) commitDone(offset int64, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if offset <= t.committed {
		return
	}
	t.committed = offset
	t.covered -= n
	t.moves++
}

// state returns what readiness needs: the committed offset, whether
// fetched records wait for a commit, and a counter that changes whenever
// the committed offset moves.
func (t *tracker) state() (committed int64, waiting bool, moves int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.committed, len(t.pending) > 0 || t.covered > 0, t.moves
}
