package bench

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/chaos"
	"github.com/triage/triage/internal/kafkaauth"
)

// Warmup is left out of the latency figures: records acknowledged before
// the first output arrived plus this long (the consumer was still joining).
const Warmup = time.Second

// Latency is the added latency of one paced phase: from the input's
// acknowledgement by the broker (seen by the producer) to its output's
// arrival at a reader tailing the output topics, per record, warm-up left out.
type Latency struct {
	Samples       int
	P50, P99, Max time.Duration
}

// clock collects the two times of each input.
type clock struct {
	mu        sync.Mutex
	acked     map[chaos.Coord]time.Time
	arrived   map[chaos.Coord]time.Time
	first     time.Time // first output's arrival
	unmatched int
}

func newClock() *clock {
	return &clock{acked: map[chaos.Coord]time.Time{}, arrived: map[chaos.Coord]time.Time{}}
}

func (k *clock) ack(c chaos.Coord, t time.Time) { k.mu.Lock(); k.acked[c] = t; k.mu.Unlock() }

func (k *clock) arrive(c chaos.Coord, t time.Time) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, seen := k.arrived[c]; !seen {
		k.arrived[c] = t
	}
	if k.first.IsZero() {
		k.first = t
	}
}

func (k *clock) arrivals() int { k.mu.Lock(); defer k.mu.Unlock(); return len(k.arrived) }

// latency computes the figures; inputs acknowledged before the first
// arrival plus Warmup are left out.
func (k *clock) latency() Latency {
	k.mu.Lock()
	defer k.mu.Unlock()
	var ds []time.Duration
	for c, a := range k.acked {
		out, ok := k.arrived[c]
		if !ok || a.Before(k.first.Add(Warmup)) {
			continue
		}
		ds = append(ds, max(out.Sub(a), 0))
	}
	return Latency{Samples: len(ds), P50: Percentile(ds, 0.5), P99: Percentile(ds, 0.99), Max: Percentile(ds, 1)}
}

// tail follows every partition of outputs from the start until ctx ends,
// noting each output's arrival time against its input.
func tail(ctx context.Context, c kafkaauth.Cluster, outputs []string, dlq string, k *clock) (wait func(), err error) {
	parts, err := c.Partitions(ctx, outputs...)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	var wg sync.WaitGroup
	for t, ps := range parts {
		for _, p := range ps {
			wg.Go(func() {
				_ = follow(ctx, c, t, p, 0, func(m kafka.Message) bool {
					now := time.Now()
					if in, err := inputOf(m, dlq); err == nil {
						k.arrive(in, now)
					}
					return true
				})
			})
		}
	}
	return wg.Wait, nil
}

// pace produces n records of gen to topics at rate per second, noting the
// time each is acknowledged. It returns when all are acknowledged.
func pace(ctx context.Context, c kafkaauth.Cluster, topics map[string]string, gen *Gen, n int, rate float64, k *clock) error {
	w := newWriter(c, true)
	var mu sync.Mutex
	var werr error
	w.Completion = func(msgs []kafka.Message, err error) {
		now := time.Now()
		if err != nil {
			mu.Lock()
			werr = err
			mu.Unlock()
			return
		}
		for _, m := range msgs {
			k.ack(chaos.Coord{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset}, now)
		}
	}
	start := time.Now()
	for i := range n {
		if d := time.Until(start.Add(time.Duration(float64(i) / rate * float64(time.Second)))); d > 0 {
			select {
			case <-ctx.Done():
				w.Close()
				return ctx.Err()
			case <-time.After(d):
			}
		}
		r := gen.Next(i)
		if err := w.WriteMessages(ctx, kafka.Message{Topic: topics[r.Topic], Key: r.Key, Value: r.Value}); err != nil {
			w.Close()
			return fmt.Errorf("bench: paced write: %w", err)
		}
	}
	_ = w.Close() // flushes: every Completion has run
	mu.Lock()
	defer mu.Unlock()
	if werr != nil {
		return fmt.Errorf("bench: paced write: %w", c.Auth.Explain(werr))
	}
	return nil
}
