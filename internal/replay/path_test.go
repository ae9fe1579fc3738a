package replay_test

import (
	"context"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/internal/replay"
)

// Replay goes through the live service's decide -> dead-letter -> publish
// path (consumer.Path): a record whose decision panics is dead-lettered
// with reason panic and the run's header, and the replay moves on.
func TestIntegrationReplayRecoversAPanicLikeTheService(t *testing.T) {
	e := newEnv(t, 1, nil)
	tickets, _ := e.samples(t, 3)
	e.b.Produce(t, tickets...)
	p := e.build(t)
	res := e.run(t, p, "run-panic", replay.Window{Topics: []string{e.cfg.Topics.Tickets}}, func(c *replay.Config) {
		h := c.Handler
		c.Handler = consumer.HandlerFunc(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
			if m.Offset == 1 {
				panic("a bug in one record")
			}
			return h.Handle(ctx, m)
		})
	})
	if c := res.Counts; c.Published != 2 || c.DeadLettered != 1 {
		t.Fatalf("counts %+v, want 2 published and 1 dead-lettered", c)
	}
	dl := e.b.ReadAll(t, e.cfg.Topics.DLQ)
	if len(dl) != 1 {
		t.Fatalf("dead letters %d, want 1", len(dl))
	}
	var reason, run string
	for _, h := range dl[0].Headers {
		switch h.Key {
		case consumer.HeaderDLQReason:
			reason = string(h.Value)
		case pipeline.HeaderReplay:
			run = string(h.Value)
		}
	}
	if reason != string(failure.Panic) || run != "run-panic" {
		t.Errorf("dead letter reason %q run %q, want panic and run-panic", reason, run)
	}
}
