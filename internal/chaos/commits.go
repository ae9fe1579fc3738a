package chaos

import (
	"fmt"
	"time"
)

// Partition names one partition of a topic.
type Partition struct {
	Topic     string `json:"topic"`
	Partition int    `json:"partition"`
}

func (p Partition) String() string { return fmt.Sprintf("%s/%d", p.Topic, p.Partition) }

// CommitSample is the group's committed offsets read at one moment. A
// partition without a committed offset is absent.
type CommitSample struct {
	At      time.Time
	Offsets map[Partition]int64
}

// Regression is a committed offset lower than the one sampled just before
// it on the same partition: records From..To-1 would be decided again.
type Regression struct {
	Partition Partition `json:"partition"`
	From      int64     `json:"from"`
	To        int64     `json:"to"`
	At        time.Time `json:"at"`
	// Peak is the highest offset sampled before the drop (From or more).
	Peak int64 `json:"peak"`
}

func (r Regression) String() string {
	return fmt.Sprintf("%s committed %d then %d (peak %d) at %s", r.Partition, r.From, r.To, r.Peak, r.At.Format("15:04:05.000"))
}

// Regressions returns every drop of a committed offset between consecutive
// samples of the same partition, in sample order. A partition missing from
// a sample (not committed yet, or not answered) is skipped, not a drop.
func Regressions(samples []CommitSample) []Regression {
	last := map[Partition]int64{}
	peak := map[Partition]int64{}
	var out []Regression
	for _, s := range samples {
		for p, off := range s.Offsets {
			if prev, ok := last[p]; ok && off < prev {
				out = append(out, Regression{Partition: p, From: prev, To: off, At: s.At, Peak: peak[p]})
			}
			last[p] = off
			peak[p] = max(peak[p], off)
		}
	}
	return out
}
