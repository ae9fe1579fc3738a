package consumer_test

import (
	"bytes"
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
)

// TestBufferedBytesBounded fills two partitions with 128 KiB records and
// holds every handler until the runner has fetched all it may: the bytes
// held (records fetched and not finished, and their outputs) never pass
// MaxBufferedBytes (but for the few bytes of outputs), however large
// MaxInFlight and CheckpointLimit are; a record larger than the whole
// budget is still read and published, alone; nothing is lost, and every
// byte is given back.
func TestBufferedBytesBounded(t *testing.T) {
	const parts, n, recBytes, budget = 2, 24, 128 << 10, 512 << 10
	e := newEnv(t, parts)
	for i := range n {
		// One produce call per record: one batch each, as most producers of
		// large records write them.
		e.b.Produce(t, kafka.Message{Topic: e.in, Key: fmt.Appendf(nil, "k%d", i), Value: bytes.Repeat([]byte{'a' + byte(i%26)}, recBytes)})
	}
	huge := bytes.Repeat([]byte{'z'}, 3*budget/2)
	e.b.Produce(t, kafka.Message{Topic: e.in, Key: []byte("huge"), Value: huge})

	release := make(chan struct{})
	var released atomic.Bool
	var r *consumer.Runner
	h := consumer.HandlerFunc(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
		if !released.Load() {
			select {
			case <-release:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		return []kafka.Message{{Topic: e.out, Key: m.Key, Value: []byte("ok")}}, nil
	})
	r = e.runner(t, h, func(c *consumer.Config) {
		c.MaxInFlight, c.CheckpointLimit, c.MaxBufferedBytes = 1000, 1000, budget
	})
	stop := start(t, r)

	// Wait until the budget is spent (the handlers hold every record), then
	// let them go.
	deadline := time.Now().Add(60 * time.Second)
	for held, _ := r.Buffered(); held < budget-recBytes; held, _ = r.Buffered() {
		if time.Now().After(deadline) {
			t.Fatalf("held only %d bytes within 60s; want about %d", held, budget)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if s := r.Stats(); s.Fetched >= n {
		t.Fatalf("fetched %d of %d records of %d bytes with a budget of %d", s.Fetched, n, recBytes, budget)
	}
	released.Store(true)
	close(release)

	got := e.b.ReadN(t, e.out, n+1, 60*time.Second)
	if len(got) != n+1 {
		t.Fatalf("published %d of %d", len(got), n+1)
	}
	stop()
	held, peak := r.Buffered()
	if held != 0 {
		t.Errorf("%d bytes still held after Run returned", held)
	}
	// Outputs ("ok" and the key) are held without waiting: a little over.
	limit := int64(max(budget, len(huge)) + 1024)
	if peak > limit {
		t.Fatalf("peak held %d bytes, budget %d: over the bound %d", peak, budget, limit)
	}
	t.Logf("peak held %d bytes (budget %d, records %d bytes, one of %d)", peak, budget, recBytes, len(huge))
}
