package replay_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkatest"
	"github.com/triage/triage/internal/replay"
)

func committed(t *testing.T, b *kafkatest.Broker, group, topic string) map[int]int64 {
	t.Helper()
	c := b.Cluster().Client(10 * time.Second)
	resp, err := c.OffsetFetch(context.Background(), &kafka.OffsetFetchRequest{GroupID: group, Topics: map[string][]int{topic: {0, 1}}})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]int64{0: -1, 1: -1}
	for _, p := range resp.Topics[topic] {
		out[p.Partition] = p.CommittedOffset
	}
	return out
}

// offsets reset: dry run changes nothing, --execute commits (checked with
// OffsetFetch) for every target, and an active group is refused.
func TestIntegrationOffsetsReset(t *testing.T) {
	b := kafkatest.Start(t)
	topic := b.Topic(t, "r.reset", 2)
	base := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	var msgs []kafka.Message
	for i := range 20 {
		msgs = append(msgs, kafka.Message{Topic: topic, Key: fmt.Appendf(nil, "k%d", i%4), Value: []byte("x"), Time: base.Add(time.Duration(i) * time.Minute)})
	}
	b.Produce(t, msgs...)
	ends := map[int]int64{}
	atTen := map[int]int64{} // first offset stamped at or after base+10m
	for _, m := range b.ReadAll(t, topic) {
		ends[m.Partition] = m.Offset + 1
		if _, ok := atTen[m.Partition]; !ok && !m.Time.Before(base.Add(10*time.Minute)) {
			atTen[m.Partition] = m.Offset
		}
	}
	group := fmt.Sprintf("reset-%d", time.Now().UnixNano())
	ctx := context.Background()

	for _, tc := range []struct {
		name string
		to   replay.ResetTo
		want func(p int) int64
	}{
		{"to-offset 3", replay.ResetTo{Offset: 3}, func(p int) int64 { return min(3, ends[p]) }},
		{"to-offset past the end is clamped", replay.ResetTo{Offset: 1000}, func(p int) int64 { return ends[p] }},
		{"to-time", replay.ResetTo{Time: base.Add(10 * time.Minute), Offset: -1}, func(p int) int64 { return atTen[p] }},
		{"to-earliest", replay.ResetTo{Earliest: true, Offset: -1}, func(int) int64 { return 0 }},
	} {
		before := committed(t, b, group, topic)
		dry, err := replay.ResetOffsets(ctx, b.Cluster(), group, topic, tc.to, false)
		if err != nil {
			t.Fatalf("%s dry run: %v", tc.name, err)
		}
		if after := committed(t, b, group, topic); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("%s: dry run changed offsets %v → %v", tc.name, before, after)
		}
		if _, err := replay.ResetOffsets(ctx, b.Cluster(), group, topic, tc.to, true); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		after := committed(t, b, group, topic)
		for _, c := range dry {
			if c.Old != before[c.Partition] || c.New != tc.want(c.Partition) || after[c.Partition] != c.New {
				t.Errorf("%s p%d: dry run %d → %d, committed %d; want %d → %d", tc.name, c.Partition, c.Old, c.New, after[c.Partition], before[c.Partition], tc.want(c.Partition))
			}
		}
	}

	r := kafka.NewReader(kafka.ReaderConfig{Brokers: b.Addrs, Dialer: b.Auth.Dialer(10 * time.Second), GroupID: group, Topic: topic, MaxWait: 100 * time.Millisecond,
		SessionTimeout: 6 * time.Second, HeartbeatInterval: time.Second})
	fctx, cancel := context.WithTimeout(ctx, 60*time.Second) // only a hang reaches it
	if _, err := r.FetchMessage(fctx); err != nil {          // joined and assigned
		t.Fatal(err)
	}
	cancel()
	_, err := replay.ResetOffsets(ctx, b.Cluster(), group, topic, replay.ResetTo{Earliest: true, Offset: -1}, true)
	if !errors.Is(err, replay.ErrGroupActive) || !strings.Contains(err.Error(), "stop every instance") {
		t.Errorf("reset of an active group: %v, want ErrGroupActive saying what to do", err)
	}
	t.Logf("active group refused: %v", err)
	r.Close()                                    // leaves the group: empty again
	deadline := time.Now().Add(60 * time.Second) // only a hang reaches it
	for {
		_, err := replay.ResetOffsets(ctx, b.Cluster(), group, topic, replay.ResetTo{Earliest: true, Offset: -1}, true)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("reset after the member left: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
