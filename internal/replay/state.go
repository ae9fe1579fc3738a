package replay

import (
	"maps"
	"sync"
	"sync/atomic"
	"time"
)

type outcome int

const (
	published          outcome = iota // event (or, dry run, would be) published
	deadLettered                      // the record went to the DLQ
	unchanged                         // --only-fallback: same decision, nothing published
	skippedOutside                    // timestamp outside --from/--to
	skippedNotFallback                // --only-fallback: last event was not a fallback
)

// Counts are what a replay did with the records it read.
type Counts struct {
	Published          int64 // events published (dry run: that would have been)
	DeadLettered       int64
	Unchanged          int64            // --only-fallback: same decision as before, nothing published
	SkippedOutside     int64            // timestamp outside the time window
	SkippedNotFallback int64            // --only-fallback: last event not a fallback (or none)
	BySource           map[string]int64 // decided events by source[/fallback_reason]
}

// Decided is the number of records that went through the handler.
func (c Counts) Decided() int64 { return c.Published + c.DeadLettered + c.Unchanged }

// Read is the number of records read.
func (c Counts) Read() int64 { return c.Decided() + c.SkippedOutside + c.SkippedNotFallback }

type tp struct {
	topic     string
	partition int
}

type rangeState struct {
	Range
	next atomic.Int64
}

// State is the live progress of a run, safe for concurrent use: Run updates
// it, Watch prints it.
type State struct {
	start  time.Time
	ranges []*rangeState
	byTP   map[tp]*rangeState
	mu     sync.Mutex
	counts Counts
}

// NewState returns the state of a run over ranges, started now.
func NewState(ranges []Range) *State {
	s := &State{start: time.Now(), byTP: map[tp]*rangeState{}, counts: Counts{BySource: map[string]int64{}}}
	for _, r := range ranges {
		rs := &rangeState{Range: r}
		rs.next.Store(r.Start)
		s.ranges = append(s.ranges, rs)
		s.byTP[tp{r.Topic, r.Partition}] = rs
	}
	return s
}

func (s *State) add(k outcome, source string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch k {
	case published:
		s.counts.Published++
	case deadLettered:
		s.counts.DeadLettered++
	case unchanged:
		s.counts.Unchanged++
	case skippedOutside:
		s.counts.SkippedOutside++
	case skippedNotFallback:
		s.counts.SkippedNotFallback++
	}
	if source != "" {
		s.counts.BySource[source]++
	}
}

// Counts returns a snapshot of the counters.
func (s *State) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.counts
	c.BySource = maps.Clone(s.counts.BySource)
	return c
}

// partProgress is one partition's progress in offsets.
type partProgress struct {
	Range
	done int64
}

func (s *State) progress() []partProgress {
	out := make([]partProgress, len(s.ranges))
	for i, r := range s.ranges {
		out[i] = partProgress{r.Range, min(max(r.next.Load()-r.Start, 0), r.Len())}
	}
	return out
}
