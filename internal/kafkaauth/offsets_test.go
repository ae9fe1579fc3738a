package kafkaauth_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/segmentio/kafka-go"
	"github.com/triage/triage/internal/kafkatest"
)

// TestOffsetsAndPartitions: on a broker (the real one in CI), a topic's
// partitions are listed in order with their first and end offsets, after
// records are written; a missing topic fails naming it.
func TestOffsetsAndPartitions(t *testing.T) {
	b := kafkatest.Start(t)
	topic := b.Topic(t, "offsets", 3)
	empty := b.Topic(t, "offsets-empty", 2)
	key := []byte("one key, one partition")
	b.Produce(t,
		kafka.Message{Topic: topic, Key: key, Value: []byte("a")},
		kafka.Message{Topic: topic, Key: key, Value: []byte("b")},
		kafka.Message{Topic: topic, Key: key, Value: []byte("c")},
	)
	c := b.Cluster()
	ctx := context.Background()
	parts, err := c.Partitions(ctx, topic, empty)
	if err != nil {
		t.Fatal(err)
	}
	if got := parts[topic]; len(got) != 3 || got[0] != 0 || got[2] != 2 || len(parts[empty]) != 2 {
		t.Fatalf("partitions %v", parts)
	}
	offs, err := c.Offsets(ctx, topic, empty)
	if err != nil {
		t.Fatal(err)
	}
	var ends []int64
	for p := range 3 {
		got := offs[topic][p]
		if got.First != 0 {
			t.Errorf("%s/%d: %+v, want first 0", topic, p, got)
		}
		ends = append(ends, got.End)
	}
	if slices.Sort(ends); !slices.Equal(ends, []int64{0, 0, 3}) {
		t.Errorf("%s: ends %v, want the 3 records in one partition", topic, ends)
	}
	if len(offs[empty]) != 2 || offs[empty][1].End != 0 {
		t.Errorf("empty topic: %v", offs[empty])
	}
	if _, err := c.Offsets(ctx, topic, "no-such-topic-offsets"); err == nil || !strings.Contains(err.Error(), "no-such-topic-offsets") {
		t.Fatalf("a missing topic: err %v", err)
	}
}
