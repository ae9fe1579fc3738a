package replay

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkaauth"
	"github.com/triage/triage/internal/pipeline"
)

// Coord is an input record's coordinate, as in an event's data.input.
type Coord struct {
	Topic     string
	Partition int
	Offset    int64
}

func (c Coord) String() string { return fmt.Sprintf("%s/%d/%d", c.Topic, c.Partition, c.Offset) }

// Earlier is what the index keeps of a published event.
type Earlier struct {
	ID, Type       string
	InputID        string
	Decision       json.RawMessage
	Source         string
	FallbackReason string
	Version        string
	Time           time.Time
	at             Coord // where the event itself is, to order events of equal time
}

// Fallback reports whether the rules decided because the LLM could not:
// breaker_open, timeout, rate_limited, upstream_error, budget_exceeded,
// invalid_output or low_confidence. llm_disabled is not a fallback: those
// decisions were made rules-only on purpose; a full replay (without
// --only-fallback) redecides them once an LLM is configured.
func (e Earlier) Fallback() bool {
	return e.Source == "rules" && e.FallbackReason != "" && e.FallbackReason != "llm_disabled"
}

// Index maps input coordinates to the last event published for them.
type Index struct {
	mu     sync.Mutex
	last   map[Coord]Earlier
	Events int // events read
	Bad    int // records on the output topics that are not triage events
}

// Get returns the last event published for c.
func (x *Index) Get(c Coord) (Earlier, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	e, ok := x.last[c]
	return e, ok
}

// Len is the number of inputs with an event.
func (x *Index) Len() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return len(x.last)
}

// later reports whether a was published after b: later event time, then
// (same output partition) higher offset.
func later(a, b Earlier) bool {
	if !a.Time.Equal(b.Time) {
		return a.Time.After(b.Time)
	}
	return a.at.Offset > b.at.Offset
}

// add indexes the event of output record m, in either events.mode.
func (x *Index) add(m kafka.Message) {
	at := Coord{m.Topic, m.Partition, m.Offset}
	value, err := pipeline.EventJSON(m)
	var ev struct {
		ID, Type string
		Time     time.Time
		Data     struct {
			Decision json.RawMessage `json:"decision"`
			Input    struct {
				Topic     string `json:"topic"`
				Partition int    `json:"partition"`
				Offset    int64  `json:"offset"`
				ID        string `json:"id"`
			} `json:"input"`
			Processor struct {
				Version string `json:"version"`
			} `json:"processor"`
			Provenance struct {
				Source         string `json:"source"`
				FallbackReason string `json:"fallback_reason"`
			} `json:"provenance"`
		} `json:"data"`
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if err != nil || json.Unmarshal(value, &ev) != nil || ev.ID == "" || ev.Data.Input.Topic == "" {
		x.Bad++
		return
	}
	x.Events++
	d := ev.Data
	e := Earlier{ID: ev.ID, Type: ev.Type, InputID: d.Input.ID, Decision: d.Decision, Source: d.Provenance.Source,
		FallbackReason: d.Provenance.FallbackReason, Version: d.Processor.Version, Time: ev.Time, at: at}
	c := Coord{d.Input.Topic, d.Input.Partition, d.Input.Offset}
	if old, ok := x.last[c]; !ok || later(e, old) {
		x.last[c] = e
	}
}

// BuildIndex reads the output topics up to their end offsets at call time
// (no consumer group) and indexes, per input coordinate, the last event
// published for it. It blocks until every partition is read or ctx is
// cancelled; a partition whose read position does not move for stall fails
// it (ErrStalled).
func BuildIndex(ctx context.Context, c kafkaauth.Cluster, topics []string, maxBytes int, stall time.Duration) (*Index, error) {
	ranges, err := Resolve(ctx, c, Window{Topics: topics})
	if err != nil {
		return nil, err
	}
	x := &Index{last: map[Coord]Earlier{}}
	errs := make(chan error, len(ranges))
	for _, r := range ranges {
		go func() {
			_, err := readRange(ctx, c, r, maxBytes, stall, func(m kafka.Message) error {
				x.add(m)
				return nil
			})
			errs <- err
		}()
	}
	for range ranges {
		if e := <-errs; e != nil && err == nil {
			err = e
		}
	}
	if err != nil {
		return nil, fmt.Errorf("replay: index of earlier events: %w", err)
	}
	return x, nil
}
