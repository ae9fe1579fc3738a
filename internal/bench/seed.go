package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkaauth"
)

// newWriter is an acks=all producer partitioning by murmur2 of the key,
// like the Java client; async writers report through Completion.
func newWriter(c kafkaauth.Cluster, async bool) *kafka.Writer {
	return &kafka.Writer{Addr: kafka.TCP(c.Brokers...), Transport: c.Auth.Transport(), Balancer: &kafka.Murmur2Balancer{Consistent: true},
		RequiredAcks: kafka.RequireAll, BatchSize: 1000, BatchBytes: 1 << 20, BatchTimeout: time.Millisecond, Async: async, MaxAttempts: 10}
}

// Seeded is what a seeding wrote.
type Seeded struct {
	Records, Bad int
	Bytes        int64 // values
	Took         time.Duration
}

// seed writes records 0..n-1 of gen to their topics (topics maps
// "tickets"/"emails" to topic names), generating the next chunk while the
// last is written. progress, when set, is called after each chunk.
func seed(ctx context.Context, c kafkaauth.Cluster, topics map[string]string, gen *Gen, n int, progress func(done int)) (Seeded, error) {
	const chunk = 2000
	start := time.Now()
	w := newWriter(c, false)
	defer w.Close()
	chunks := make(chan []kafka.Message, 2)
	var s Seeded
	go func() {
		defer close(chunks)
		for i := 0; i < n; i += chunk {
			msgs := make([]kafka.Message, 0, chunk)
			for j := i; j < min(i+chunk, n); j++ {
				r := gen.Next(j)
				msgs = append(msgs, kafka.Message{Topic: topics[r.Topic], Key: r.Key, Value: r.Value})
				s.Records++
				s.Bytes += int64(len(r.Value))
				if r.Bad {
					s.Bad++
				}
			}
			select {
			case chunks <- msgs:
			case <-ctx.Done():
				return
			}
		}
	}()
	done := 0
	for msgs := range chunks {
		if err := w.WriteMessages(ctx, msgs...); err != nil {
			for range chunks { // let the generator finish
			}
			return s, fmt.Errorf("bench: seed records %d..%d: %w", done, done+len(msgs)-1, c.Auth.Explain(err))
		}
		done += len(msgs)
		if progress != nil {
			progress(done)
		}
	}
	if err := ctx.Err(); err != nil {
		return s, err
	}
	s.Took = time.Since(start)
	return s, nil
}
