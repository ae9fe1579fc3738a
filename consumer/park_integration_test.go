package consumer_test

import (
	"context"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
)

// TestParkedRecordsLeaveSlotsToOthers: six records wait for a slow
// resource (an LLM slot) with MaxInFlight 2; they park, so the four records
// behind them that need no such resource (decided by the rules) are
// published while the six still wait. Without parking the first two would
// hold both slots and nothing else would move.
func TestParkedRecordsLeaveSlotsToOthers(t *testing.T) {
	e := newEnv(t, 1)
	e.produce(t, 10, 1, 0) // keys k0..k9, one record each, in this order
	release := make(chan struct{})
	slow := map[string]bool{"k0": true, "k1": true, "k2": true, "k3": true, "k4": true, "k5": true}
	h := consumer.HandlerFunc(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
		if slow[string(m.Key)] {
			resume := consumer.Park(ctx)
			select {
			case <-release:
			case <-ctx.Done():
				resume()
				return nil, ctx.Err()
			}
			resume()
		}
		return e.echo(ctx, m)
	})
	r := e.runner(t, h, func(c *consumer.Config) { c.MaxInFlight = 2 })
	start(t, r)
	waitFor(t, "the four records behind the waiting ones published", 60*time.Second, func() bool { return r.Stats().Published >= 4 })
	if p := r.Stats().Published; p != 4 {
		t.Fatalf("published %d while the slow records wait, want 4", p)
	}
	close(release)
	waitFor(t, "all published", 60*time.Second, func() bool { return r.Stats().Published == 10 })
	checkOrder(t, e.b.ReadAll(t, e.out))
}
