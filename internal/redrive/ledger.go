package redrive

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/kafkaauth"
	"github.com/triage/triage/internal/replay"
)

// The ledger is a compacted topic of what re-drives did, keyed so that
// compaction keeps what matters:
//
//	done/<dlq topic>/<partition>/<offset>  the dead letter was re-driven (doneEntry)
//	open/<run id>/<topic>                  a run is writing to topic (openEntry);
//	                                       a tombstone when the run ends cleanly
//
// A run writes open before its first copy to a topic, and done entries
// after the broker acknowledged each batch of copies. A run that dies
// between the two leaves its open entry; the next run reconciles it by
// reading that topic from the offsets the entry recorded and taking every
// copy it finds (HeaderRedriveOf) as done (see reconcile).

const (
	donePrefix = "done/"
	openPrefix = "open/"
)

type doneEntry struct {
	Run   string    `json:"run"`
	Topic string    `json:"topic"` // where the copy went
	At    time.Time `json:"at"`
}

type openEntry struct {
	Run   string        `json:"run"`
	Topic string        `json:"topic"`
	Ends  map[int]int64 `json:"ends"` // end offset of each partition before the run wrote
	At    time.Time     `json:"at"`
}

func (e openEntry) key() string { return openPrefix + e.Run + "/" + e.Topic }

// ledger is the loaded state: safe for concurrent use.
type ledger struct {
	topic string
	mu    sync.Mutex
	done  map[Coord]bool
	open  map[string]openEntry // by key
}

// loadLedger reads the whole ledger topic (nothing when it does not
// exist); the latest entry of each key wins and a tombstone removes it.
func loadLedger(ctx context.Context, c kafkaauth.Cluster, topic string, exists bool, stall time.Duration) (*ledger, error) {
	l := &ledger{topic: topic, done: map[Coord]bool{}, open: map[string]openEntry{}}
	if !exists {
		return l, nil
	}
	ranges, err := replay.Resolve(ctx, c, replay.Window{Topics: []string{topic}})
	if err != nil {
		return nil, fmt.Errorf("redrive: ledger: %w", err)
	}
	for _, r := range ranges {
		if _, err := replay.ReadRange(ctx, c, r, 16<<20, stall, func(m kafka.Message) error { return l.apply(m) }); err != nil {
			return nil, fmt.Errorf("redrive: read ledger %s: %w", topic, err)
		}
	}
	return l, nil
}

// apply records one ledger record. Entries it cannot read fail the load:
// a ledger half understood would re-drive what it already did.
func (l *ledger) apply(m kafka.Message) error {
	k := string(m.Key)
	switch {
	case strings.HasPrefix(k, donePrefix):
		c, ok := parseCoord(strings.TrimPrefix(k, donePrefix))
		if !ok {
			return fmt.Errorf("redrive: ledger key %q at offset %d is not done/<topic>/<partition>/<offset>", k, m.Offset)
		}
		if l.done[c] = true; m.Value == nil {
			delete(l.done, c)
		}
	case strings.HasPrefix(k, openPrefix):
		if m.Value == nil {
			delete(l.open, k)
			return nil
		}
		var e openEntry
		if err := json.Unmarshal(m.Value, &e); err != nil {
			return fmt.Errorf("redrive: ledger entry %q at offset %d: %w", k, m.Offset, err)
		}
		l.open[k] = e
	default:
		return fmt.Errorf("redrive: ledger key %q at offset %d: not a re-drive ledger entry; is %s the ledger topic?", k, m.Offset, l.topic)
	}
	return nil
}

func (l *ledger) isDone(c Coord) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.done[c]
}

// opens returns the open entries.
func (l *ledger) opens() []openEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]openEntry, 0, len(l.open))
	for _, e := range l.open {
		out = append(out, e)
	}
	return out
}

// markDone records coords re-driven (copies in topic by run) and, when w
// is set, writes their entries, acknowledged by all in-sync replicas. It
// blocks until the broker answered.
func (l *ledger) markDone(ctx context.Context, w Writer, run string, at time.Time, copies map[Coord]string) error {
	if len(copies) == 0 {
		return nil
	}
	msgs := make([]kafka.Message, 0, len(copies))
	for c, topic := range copies {
		v, _ := json.Marshal(doneEntry{Run: run, Topic: topic, At: at.UTC()})
		msgs = append(msgs, kafka.Message{Topic: l.topic, Key: []byte(donePrefix + c.String()), Value: v})
	}
	if w != nil {
		if err := w.WriteMessages(ctx, msgs...); err != nil {
			return fmt.Errorf("redrive: record re-driven dead letters in ledger %s (the next run reconciles them): %w", l.topic, err)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for c := range copies {
		l.done[c] = true
	}
	return nil
}

// setOpen writes e (or, when del, its tombstone) and records it.
func (l *ledger) setOpen(ctx context.Context, w Writer, e openEntry, del bool) error {
	m := kafka.Message{Topic: l.topic, Key: []byte(e.key())}
	if !del {
		m.Value, _ = json.Marshal(e)
	}
	if w != nil {
		if err := w.WriteMessages(ctx, m); err != nil {
			return fmt.Errorf("redrive: write ledger %s: %w", l.topic, err)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if del {
		delete(l.open, e.key())
	} else {
		l.open[e.key()] = e
	}
	return nil
}

// ends is the end offset of every partition of topic now.
func ends(ctx context.Context, c kafkaauth.Cluster, topic string) (map[int]int64, error) {
	ranges, err := replay.Resolve(ctx, c, replay.Window{Topics: []string{topic}})
	if err != nil {
		return nil, fmt.Errorf("redrive: original topic %s (re-drive the other topics with --topic): %w", topic, err)
	}
	out := map[int]int64{}
	for _, r := range ranges {
		out[r.Partition] = r.End
	}
	return out, nil
}

// Writer is the part of *kafka.Writer a re-drive publishes with.
type Writer = consumer.Writer
