package consumer_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
)

// The duplicate bound holds with a slow record in flight: one record of
// partition 0 never finishes, so nothing of that partition can be
// committed behind it. Only CheckpointLimit records of the partition may be
// fetched (and published) meanwhile, so a crash at that moment re-decides
// at most CheckpointLimit records of it. Round 1 bounded only unfinished
// records: every record behind the slow one was published uncommitted
// (893 duplicates after one SIGKILL). A restarted runner then delivers
// everything; nothing is lost.
func TestIntegrationDuplicateWindowHoldsWithSlowRecord(t *testing.T) {
	e := newEnv(t, 2)
	const keys, perKey, limit = 20, 30, 16
	e.produce(t, keys, perKey, 0)
	var slowOnce sync.Once
	slowOffset := int64(-1)
	withOffset := func(h consumer.HandlerFunc) consumer.HandlerFunc {
		return func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
			outs, err := h(ctx, m)
			for i := range outs {
				outs[i].Headers = append(outs[i].Headers, kafka.Header{Key: "in", Value: fmt.Appendf(nil, "%d/%d", m.Partition, m.Offset)})
			}
			return outs, err
		}
	}
	slow := withOffset(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
		isSlow := false
		if m.Partition == 0 {
			slowOnce.Do(func() { isSlow, slowOffset = true, m.Offset })
		}
		if isSlow {
			<-ctx.Done() // stuck like a hung LLM call, until abandoned
			return nil, ctx.Err()
		}
		return e.echo(ctx, m)
	})
	mod := func(c *consumer.Config) { c.CheckpointLimit = limit; c.ShutdownTimeout = time.Millisecond }
	r1 := e.runner(t, slow, mod)
	stop1 := start(t, r1)
	end := endOffsets(t, e)
	waitFor(t, "partition 1 done and partition 0's window full", 60*time.Second, func() bool {
		return committed(t, e)[1] == end[1] && r1.Stats().Fetched >= end[1]+limit
	})
	stop1() // the crash: partition 0's commit is stuck at the slow record
	c0 := committed(t, e)[0]
	beyond := 0
	for _, m := range e.b.ReadAll(t, e.out) {
		var p int
		var off int64
		if _, err := fmt.Sscanf(header(m, "in"), "%d/%d", &p, &off); err != nil {
			t.Fatal(err)
		}
		if p == 0 && off >= c0 {
			beyond++
		}
	}
	t.Logf("slow record at offset %d; partition 0 committed %d; published beyond the commit: %d (limit %d)", slowOffset, c0, beyond, limit)
	if c0 > slowOffset {
		t.Fatalf("committed %d passes the unfinished record %d", c0, slowOffset)
	}
	if beyond > limit {
		t.Fatalf("%d records of partition 0 published and not committed: a crash now decides them again; the bound is checkpoint_limit %d", beyond, limit)
	}
	r2 := e.runner(t, consumer.HandlerFunc(e.echo), nil)
	stop2 := start(t, r2)
	waitCommittedToEnd(t, e, 60*time.Second)
	stop2()
	out := e.b.ReadAll(t, e.out)
	seen := checkOrder(t, out)
	if len(seen) != keys*perKey {
		t.Fatalf("distinct outputs %d, want %d: records lost", len(seen), keys*perKey)
	}
	if dups := len(out) - len(seen); dups > limit*e.partitions {
		t.Errorf("duplicates %d exceed checkpoint_limit × partitions = %d", dups, limit*e.partitions)
	}
}

// A quarter of the checkpoint window finished is committed at once, not at
// the next CommitInterval (an hour here): the window's tokens come back
// only with a commit, so waiting would hold fetching back. Offsets 0 and 1
// finish, offset 2 hangs, window 8: the commit of offset 2 comes without
// the ticker (round 3 waited for half the window).
func TestQuarterWindowFinishedIsCommittedAtOnce(t *testing.T) {
	e := newEnv(t, 1)
	e.produce(t, 8, 1, 0)
	h := consumer.HandlerFunc(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
		if m.Offset == 2 {
			<-ctx.Done()
			return nil, ctx.Err()
		}
		return e.echo(ctx, m)
	})
	r := e.runner(t, h, func(c *consumer.Config) {
		c.CheckpointLimit, c.CommitInterval, c.ShutdownTimeout = 8, time.Hour, time.Millisecond
	})
	start(t, r)
	waitFor(t, "offset 2 committed", 60*time.Second, func() bool { return committed(t, e)[0] == 2 })
}
