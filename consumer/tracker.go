package consumer

import (
	"sort"
	"sync"

	"github.com/segmentio/kafka-go"
)

// topicPartition names one partition.
type topicPartition struct {
	topic     string
	partition int
}

// tracker knows, per partition, which fetched records are finished, and so
// the highest offset that is safe to commit: the last record of the longest
// finished prefix in offset order. A record finished out of order (a later
// key finished before an earlier one) never moves the commit point past an
// unfinished record, so a crash can only redeliver, never skip.
//
// Offsets are compared by value, not assumed contiguous: compacted topics and
// transaction markers leave gaps. A partition fetched again from an older
// offset (after a rebalance) simply gets more pending entries; duplicates of
// one offset are tracked separately. All methods are safe for concurrent use.
type tracker struct {
	mu    sync.Mutex
	parts map[topicPartition]*partitionState
	// inFlight counts added but not yet finished or dropped entries.
	inFlight int
}

type partitionState struct {
	pending     []*ticket // sorted by offset, then by arrival
	committable int64     // highest offset of the finished prefix; -1 when none
	committed   int64     // last offset handed to commit; -1 when none
}

// ticket is one fetched record in the tracker.
type ticket struct {
	tp     topicPartition
	offset int64
	done   bool
}

func newTracker() *tracker {
	return &tracker{parts: make(map[topicPartition]*partitionState)}
}

// add registers a fetched record as in flight and returns its ticket.
func (t *tracker) add(m kafka.Message) *ticket {
	tk := &ticket{tp: topicPartition{m.Topic, m.Partition}, offset: m.Offset}
	t.mu.Lock()
	defer t.mu.Unlock()
	ps := t.parts[tk.tp]
	if ps == nil {
		ps = &partitionState{committable: -1, committed: -1}
		t.parts[tk.tp] = ps
	}
	// Insert after every entry with an offset <= this one: fetches are
	// normally increasing, so this is an append.
	i := sort.Search(len(ps.pending), func(i int) bool { return ps.pending[i].offset > tk.offset })
	ps.pending = append(ps.pending, nil)
	copy(ps.pending[i+1:], ps.pending[i:])
	ps.pending[i] = tk
	t.inFlight++
	return tk
}

// finish marks tk done and advances the partition's commit point over the
// finished prefix. It reports whether the commit point moved.
func (t *tracker) finish(tk *ticket) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if tk.done {
		return false
	}
	tk.done = true
	t.inFlight--
	ps := t.parts[tk.tp]
	n := 0
	for n < len(ps.pending) && ps.pending[n].done {
		n++
	}
	if n == 0 {
		return false
	}
	ps.committable = ps.pending[n-1].offset
	ps.pending = append(ps.pending[:0], ps.pending[n:]...)
	return true
}

// abandon forgets an unfinished ticket's work but keeps it blocking the
// commit point: the record will be redelivered after a restart or
// rebalance. It only adjusts the in-flight count.
func (t *tracker) abandon(tk *ticket) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.inFlight--
}

// commits returns, for every partition whose commit point moved since the
// last call to committed, a message carrying the offset to commit (kafka-go
// commits Offset+1).
func (t *tracker) commits() []kafka.Message {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []kafka.Message
	for tp, ps := range t.parts {
		if ps.committable >= 0 && ps.committable != ps.committed {
			out = append(out, kafka.Message{Topic: tp.topic, Partition: tp.partition, Offset: ps.committable})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Topic != out[j].Topic {
			return out[i].Topic < out[j].Topic
		}
		return out[i].Partition < out[j].Partition
	})
	return out
}

// committed records that msgs (as returned by commits) were committed.
func (t *tracker) committed(msgs []kafka.Message) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, m := range msgs {
		if ps := t.parts[topicPartition{m.Topic, m.Partition}]; ps != nil {
			ps.committed = m.Offset
		}
	}
}

// inFlightCount is the number of records fetched and not yet finished.
func (t *tracker) inFlightCount() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.inFlight
}
