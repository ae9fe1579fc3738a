package learn

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkaauth"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/internal/replay"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode"
)

// Window says which published events to learn from.
type Window struct {
	Cluster kafkaauth.Cluster
	// Topic is an output topic (topics.routed, or topics.orders for rules
	// suggest) and Type the event type kept from it.
	Topic, Type string
	// Kind is the kind of the inputs the events name (tickets or emails).
	Kind processors.Kind
	// From and To bound the events' record timestamps (From inclusive, To
	// exclusive; zero = the beginning, the end offsets at start).
	From, To time.Time
	// HumanWeight is the weight of a person's correction (source "human");
	// an LLM decision weighs 1.
	HumanWeight float64
	MaxBytes    int           // fetch size
	Stall       time.Duration // see replay.ReadRange
}

// Decision is one published decision kept for learning, with its input
// read back from the input topic and decoded as the service decoded it.
type Decision struct {
	Input    processors.Input
	Decision json.RawMessage // data.decision
	Source   string          // llm, cache or human
	Weight   float64
}

// event is what ReadDecisions reads of a published event.
type event struct {
	Type string    `json:"type"`
	Time time.Time `json:"time"`
	Data struct {
		Decision json.RawMessage `json:"decision"`
		Input    struct {
			Topic     string `json:"topic"`
			Partition int    `json:"partition"`
			Offset    int64  `json:"offset"`
		} `json:"input"`
		Provenance struct {
			Source         string `json:"source"`
			FallbackReason string `json:"fallback_reason"`
		} `json:"provenance"`
	} `json:"data"`
	at int64 // offset of the event, to order events of equal time
}

// ReadDecisions reads the window of events on w.Topic and keeps, per
// input, the last event published for it (a superseding event, such as a
// correction, replaces the one before) when it is a decision to learn
// from: an LLM answer that passed validation (source llm or cache, no
// fallback_reason; answers that failed are published as rules fallbacks)
// or a person's correction (source human, weight w.HumanWeight). Rules
// decisions and fallbacks are counted in skipped by reason, as are
// records that are no event of w.Type. It then reads each kept event's
// input record from its input topic (the offsets between the first and the
// last needed, per partition) and decodes it; an input that is gone or
// does not decode is skipped. Decisions come in input order. It blocks
// until the reads are done or ctx is cancelled.
func ReadDecisions(ctx context.Context, w Window) ([]Decision, map[string]int, error) {
	ranges, err := replay.Resolve(ctx, w.Cluster, replay.Window{Topics: []string{w.Topic}, From: w.From, To: w.To})
	if err != nil {
		return nil, nil, fmt.Errorf("learn: %w", err)
	}
	var mu sync.Mutex
	last := map[replay.Coord]event{}
	skipped := map[string]int{}
	err = eachRange(ctx, w, ranges, func(m kafka.Message) {
		ev, reason := w.parse(m)
		mu.Lock()
		defer mu.Unlock()
		if reason != "" {
			skipped[reason]++
			return
		}
		c := replay.Coord{Topic: ev.Data.Input.Topic, Partition: ev.Data.Input.Partition, Offset: ev.Data.Input.Offset}
		if old, ok := last[c]; !ok || ev.Time.After(old.Time) || ev.Time.Equal(old.Time) && ev.at > old.at {
			last[c] = ev
		}
	})
	if err != nil {
		return nil, nil, err
	}
	kept := map[replay.Coord]event{}
	for c, ev := range last {
		switch p := ev.Data.Provenance; {
		case p.Source == SourceHuman:
		case (p.Source == SourceLLM || p.Source == SourceCache) && p.FallbackReason == "":
		case p.FallbackReason != "":
			skipped["fallback_"+p.FallbackReason]++
			continue
		default:
			skipped["source_"+p.Source]++
			continue
		}
		kept[c] = ev
	}
	return w.withInputs(ctx, kept, skipped)
}

// parse reads one output record; reason says why it is no event to keep.
func (w Window) parse(m kafka.Message) (event, string) {
	var ev event
	value, err := pipeline.EventJSON(m)
	if err != nil || json.Unmarshal(value, &ev) != nil || ev.Data.Input.Topic == "" {
		return ev, "not_an_event"
	}
	if ev.Type != w.Type {
		return ev, "other_type"
	}
	if !w.From.IsZero() && m.Time.Before(w.From) || !w.To.IsZero() && !m.Time.Before(w.To) {
		return ev, "outside_window"
	}
	ev.at = m.Offset
	return ev, ""
}

// withInputs reads and decodes the input record of every kept event.
func (w Window) withInputs(ctx context.Context, kept map[replay.Coord]event, skipped map[string]int) ([]Decision, map[string]int, error) {
	spans := map[[2]any]*replay.Range{}
	for c := range kept {
		k := [2]any{c.Topic, c.Partition}
		if r := spans[k]; r == nil {
			spans[k] = &replay.Range{Topic: c.Topic, Partition: c.Partition, Start: c.Offset, End: c.Offset + 1}
		} else {
			r.Start, r.End = min(r.Start, c.Offset), max(r.End, c.Offset+1)
		}
	}
	ranges := make([]replay.Range, 0, len(spans))
	for _, r := range spans {
		ranges = append(ranges, *r)
	}
	d := &decode.Decoder{} // the service's, without its size limit
	var mu sync.Mutex
	found := map[replay.Coord]Decision{}
	err := eachRange(ctx, w, ranges, func(m kafka.Message) {
		c := replay.Coord{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset}
		ev, ok := kept[c]
		if !ok {
			return
		}
		in, err := d.Decode(w.Kind, m.Value)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			skipped["input_undecodable"]++
			return
		}
		weight := 1.0
		if ev.Data.Provenance.Source == SourceHuman {
			weight = w.HumanWeight
		}
		found[c] = Decision{Input: in, Decision: ev.Data.Decision, Source: ev.Data.Provenance.Source, Weight: weight}
	})
	if err != nil {
		return nil, nil, err
	}
	skipped["input_missing"] += len(kept) - len(found)
	if skipped["input_missing"] == 0 {
		delete(skipped, "input_missing")
	}
	out := make([]Decision, 0, len(found))
	for _, c := range slices.SortedFunc(maps.Keys(found), cmpCoord) {
		out = append(out, found[c])
	}
	return out, skipped, nil
}

func cmpCoord(a, b replay.Coord) int {
	return cmp.Or(strings.Compare(a.Topic, b.Topic), cmp.Compare(a.Partition, b.Partition), cmp.Compare(a.Offset, b.Offset))
}

// eachRange reads the ranges concurrently, calling fn for every record.
func eachRange(ctx context.Context, w Window, ranges []replay.Range, fn func(kafka.Message)) error {
	errs := make(chan error, len(ranges))
	for _, r := range ranges {
		go func() {
			_, err := replay.ReadRange(ctx, w.Cluster, r, w.MaxBytes, w.Stall, func(m kafka.Message) error {
				fn(m)
				return nil
			})
			errs <- err
		}()
	}
	var first error
	for range ranges {
		if err := <-errs; err != nil && first == nil {
			first = fmt.Errorf("learn: read %s: %w", w.Topic, err)
		}
	}
	return first
}

// RouteExamples turns routing decisions into examples labelled with their
// queue; one without a queue is counted in skipped["no_queue"].
func RouteExamples(ds []Decision, skipped map[string]int) []Example {
	out := make([]Example, 0, len(ds))
	for _, d := range ds {
		var r processors.Route
		if json.Unmarshal(d.Decision, &r) != nil || r.Queue == "" {
			skipped["no_queue"]++
			continue
		}
		out = append(out, Example{Subject: d.Input.Subject, Body: d.Input.Body, Label: r.Queue, Weight: d.Weight, Source: d.Source})
	}
	return out
}
