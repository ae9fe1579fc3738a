package consumer_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/kafkatest"
)

// Readiness is judged on this instance's own partitions: with more
// instances than partitions the idle standby is ready, and stays ready
// while the owner's partition is stuck (round 1 judged lag group-wide, so
// the standby went unready with it).
func TestIntegrationStandbyIsReady(t *testing.T) {
	e := newEnv(t, 1)
	fast := func(c *consumer.Config) { c.LagInterval, c.StallTimeout = 100*time.Millisecond, 500*time.Millisecond }
	block := make(chan struct{})
	defer close(block)
	held := consumer.HandlerFunc(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
		select { // the owner holds its records: lag stands on its partition
		case <-block:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return e.echo(ctx, m)
	})
	r1 := e.runner(t, held, fast)
	start(t, r1)
	r2 := e.runner(t, held, fast)
	start(t, r2)
	waitFor(t, "a group of two", 60*time.Second, func() bool { return r1.Stats().Generations > 0 && r2.Stats().Generations > 0 })
	e.produce(t, 3, 5, 0)
	waitFor(t, "the owner to fetch", 60*time.Second, func() bool { return r1.Stats().Fetched+r2.Stats().Fetched > 0 })
	owner, standby := r1, r2
	if r2.Stats().Fetched > 0 {
		owner, standby = r2, r1
	}
	waitFor(t, "the owner to report its stall", 60*time.Second, func() bool { return owner.Ready() != nil })
	if err := standby.Ready(); err != nil {
		t.Fatalf("standby not ready while only the owner is stuck: %v", err)
	}
}

// A partition that cannot move fails readiness within stall_timeout,
// naming the partition and offset, and reports it to the observer (the
// triage_partition_stalled metric); it recovers when the record finishes.
func TestIntegrationStalledPartitionFailsReadiness(t *testing.T) {
	e := newEnv(t, 1)
	obs := &stallObserver{}
	release := make(chan struct{})
	h := consumer.HandlerFunc(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
		if m.Offset == 0 {
			select {
			case <-release:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		return e.echo(ctx, m)
	})
	r := e.runner(t, h, func(c *consumer.Config) {
		c.LagInterval, c.StallTimeout, c.Observer = 100*time.Millisecond, 500*time.Millisecond, obs
	})
	start(t, r)
	e.produce(t, 2, 3, 0)
	var err error
	waitFor(t, "readiness to report the stall", 60*time.Second, func() bool { err = r.Ready(); return err != nil && strings.Contains(err.Error(), "stuck") })
	if !strings.Contains(err.Error(), e.in+"/0 stuck at offset 0") {
		t.Errorf("Ready() = %v, want it to name %s/0 and offset 0", err, e.in)
	}
	if !obs.get() {
		t.Error("the observer was not told about the stall")
	}
	close(release)
	waitFor(t, "readiness to recover", 60*time.Second, func() bool { return r.Ready() == nil && !obs.get() })
}

// When the broker goes away, readiness fails at the next probe (every
// lag_interval), not after minutes.
func TestBrokerDownFailsReadiness(t *testing.T) {
	c, err := kafkatest.NewFake()
	if err != nil {
		t.Fatal(err)
	}
	b := &kafkatest.Broker{Addrs: c.ListenAddrs()}
	e := &env{b: b, partitions: 1, in: b.Topic(t, "rd.in", 1), out: b.Topic(t, "rd.out", 1), dlq: b.Topic(t, "rd.dlq", 1), group: "ready-down"}
	r := e.runner(t, consumer.HandlerFunc(e.echo), func(c *consumer.Config) { c.LagInterval = 200 * time.Millisecond })
	start(t, r)
	waitFor(t, "ready", 60*time.Second, func() bool { return r.Ready() == nil })
	c.Close()
	waitFor(t, "unready after the broker stopped", 60*time.Second, func() bool { return r.Ready() != nil })
	t.Logf("Ready() = %v", r.Ready())
	// It stays unready while the broker is down, also once its generation
	// ended and it owns nothing (kafka-go's Transport answers metadata from
	// its cache, so an idle probe looked healthy: chaos drill c).
	waitFor(t, "the generation to end", 60*time.Second, func() bool { return r.Stats().Generations > 0 && r.InFlight() == 0 })
	for i := 0; i < 30; i++ {
		if err := r.Ready(); err == nil {
			t.Fatalf("ready again after %d probes while the broker is down", i)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

type stallObserver struct {
	consumer.NopObserver
	mu      sync.Mutex
	stalled bool
}

func (o *stallObserver) Stalled(_ string, _ int, stalled bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.stalled = stalled
}

func (o *stallObserver) get() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.stalled
}

// An unreachable broker is reported at once, not after startup_timeout of
// silence, and Run then fails naming the brokers.
func TestUnreachableBrokerIsReportedAtOnce(t *testing.T) {
	port, err := kafkatest.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	var logs kafkatest.SyncBuffer
	r, err := consumer.New(consumer.Config{Brokers: []string{addr}, GroupID: "g", Topics: []string{"in"}, StartupTimeout: time.Hour,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))}, consumer.HandlerFunc(func(context.Context, kafka.Message) ([]kafka.Message, error) { return nil, nil }))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	waitFor(t, "a warning naming the broker", 60*time.Second, func() bool {
		return strings.Contains(logs.String(), "waiting for the brokers to answer") && strings.Contains(logs.String(), addr)
	})
	cancel()
	if err := <-done; err == nil || !strings.Contains(err.Error(), addr) {
		t.Errorf("Run returned %v, want an error naming %s", err, addr)
	}
}
