package replay

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/triage/triage/internal/kafkaauth"
)

// Range is the part of one partition a replay reads: offsets [Start, End).
// End is fixed when the replay starts, so a replay always terminates.
type Range struct {
	Topic      string
	Partition  int
	Start, End int64
}

// Len is the number of offsets in r.
func (r Range) Len() int64 { return max(r.End-r.Start, 0) }

// Position is one partition's offset, as in --from-offset and --to-offset.
// An empty Topic applies to every replayed topic.
type Position struct {
	Topic     string
	Partition int
	Offset    int64
}

// ParsePositions parses "[topic/]P:O,..." (e.g. "0:120,1:98" or
// "triage.inbound.tickets/0:120").
func ParsePositions(s string) ([]Position, error) {
	var out []Position
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		var p Position
		if i := strings.LastIndex(part, "/"); i >= 0 {
			p.Topic, part = part[:i], part[i+1:]
		}
		ps, os, ok := strings.Cut(part, ":")
		pn, err1 := strconv.Atoi(ps)
		on, err2 := strconv.ParseInt(os, 10, 64)
		if !ok || err1 != nil || err2 != nil || pn < 0 || on < 0 {
			return nil, fmt.Errorf("replay: %q is not PARTITION:OFFSET (e.g. 0:120, or topic/0:120 with several topics)", part)
		}
		p.Partition, p.Offset = pn, on
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("replay: no PARTITION:OFFSET in %q", s)
	}
	return out, nil
}

// FormatPositions is the inverse of ParsePositions; topics are written only
// when withTopic (several replayed topics).
func FormatPositions(ps []Position, withTopic bool) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = fmt.Sprintf("%d:%d", p.Partition, p.Offset)
		if withTopic {
			parts[i] = p.Topic + "/" + parts[i]
		}
	}
	return strings.Join(parts, ",")
}

// Window says what a replay reads. From and To are record timestamps
// (From inclusive, To exclusive; zero = earliest / end at start);
// FromOffsets and ToOffsets (To exclusive) take precedence over them per
// partition. With FromOffsets, only the partitions listed are read.
// Partitions restricts the partitions (nil = all).
type Window struct {
	Topics                 []string
	Partitions             []int
	From, To               time.Time
	FromOffsets, ToOffsets []Position
}

func lookup(ps []Position, topic string, partition int) (int64, bool) {
	for _, p := range ps {
		if (p.Topic == "" || p.Topic == topic) && p.Partition == partition {
			return p.Offset, true
		}
	}
	return 0, false
}

// Resolve turns w into ranges, asking each partition's leader for its first
// and end offsets and, for From and To, the first offset whose timestamp is
// at or after them. It fails, naming the topic, when a topic does not exist
// or a requested partition is not in it.
func Resolve(ctx context.Context, c kafkaauth.Cluster, w Window) ([]Range, error) {
	var out []Range
	for _, topic := range w.Topics {
		parts, err := partitions(ctx, c, topic)
		if err != nil {
			return nil, err
		}
		for _, p := range w.Partitions {
			if !slices.Contains(parts, p) {
				return nil, fmt.Errorf("replay: topic %s has no partition %d (it has %d)", topic, p, len(parts))
			}
		}
		for _, p := range parts {
			if len(w.Partitions) > 0 && !slices.Contains(w.Partitions, p) {
				continue
			}
			from, fromSet := lookup(w.FromOffsets, topic, p)
			if len(w.FromOffsets) > 0 && !fromSet {
				continue
			}
			r, err := resolveOne(ctx, c, topic, p, w, from, fromSet)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
	}
	return out, nil
}

func resolveOne(ctx context.Context, c kafkaauth.Cluster, topic string, p int, w Window, from int64, fromSet bool) (Range, error) {
	conn, err := dialLeader(ctx, c, topic, p)
	if err != nil {
		return Range{}, err
	}
	defer conn.Close()
	first, last, err := conn.ReadOffsets()
	if err != nil {
		return Range{}, fmt.Errorf("replay: offsets of %s/%d: %w", topic, p, err)
	}
	at := func(t time.Time) (int64, error) {
		o, err := conn.ReadOffset(t)
		if err != nil {
			return 0, fmt.Errorf("replay: offset at %s of %s/%d: %w", t.Format(time.RFC3339), topic, p, err)
		}
		if o < 0 { // no record at or after t
			return last, nil
		}
		return o, nil
	}
	r := Range{Topic: topic, Partition: p, Start: first, End: last}
	switch {
	case fromSet:
		r.Start = from
	case !w.From.IsZero():
		if r.Start, err = at(w.From); err != nil {
			return Range{}, err
		}
	}
	if to, ok := lookup(w.ToOffsets, topic, p); ok {
		r.End = to
	} else if !w.To.IsZero() {
		if r.End, err = at(w.To); err != nil {
			return Range{}, err
		}
	}
	r.End = min(r.End, last)
	r.Start = min(max(r.Start, first), r.End)
	return r, nil
}

// partitions lists the partition ids of topic, in order.
func partitions(ctx context.Context, c kafkaauth.Cluster, topic string) ([]int, error) {
	parts, err := c.Partitions(ctx, topic)
	if err != nil {
		return nil, fmt.Errorf("replay: %w (check --kafka.brokers and the topic)", err)
	}
	return parts[topic], nil
}

func dialLeader(ctx context.Context, c kafkaauth.Cluster, topic string, p int) (*kafka.Conn, error) {
	conn, err := c.DialLeader(ctx, topic, p)
	if err != nil {
		return nil, fmt.Errorf("replay: leader of %s/%d: %w", topic, p, err)
	}
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	return conn, nil
}
