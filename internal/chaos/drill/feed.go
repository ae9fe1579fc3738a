package drill

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"
)

// Feed publishes records to their topics (topics maps the logical "emails"
// and "tickets" to topic names), partitioned by murmur2 of the key like the
// Java client, acks=all, spread evenly over span (0: as fast as possible).
// It returns when all are written or on the first error.
func Feed(ctx context.Context, brokers []string, topics map[string]string, records []Record, span time.Duration) error {
	w := &kafka.Writer{Addr: kafka.TCP(brokers...), Balancer: &kafka.Murmur2Balancer{Consistent: true},
		RequiredAcks: kafka.RequireAll, BatchTimeout: 2 * time.Millisecond, BatchSize: 500,
		BatchBytes: 1_000_000, MaxAttempts: 20, WriteBackoffMin: 100 * time.Millisecond, WriteBackoffMax: time.Second}
	defer w.Close()
	const chunk = 500
	start := time.Now()
	for i := 0; i < len(records); i += chunk {
		if span > 0 {
			due := start.Add(time.Duration(float64(span) * float64(i) / float64(len(records))))
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Until(due)):
			}
		}
		batch := records[i:min(i+chunk, len(records))]
		msgs := make([]kafka.Message, len(batch))
		for j, r := range batch {
			msgs[j] = kafka.Message{Topic: topics[r.Topic], Key: r.Key, Value: r.Value, Headers: r.Headers}
		}
		if err := writeRetrying(ctx, w, msgs); err != nil {
			return fmt.Errorf("drill: feed records %d..%d: %w", i, i+len(batch)-1, err)
		}
	}
	return nil
}

// writeRetrying writes msgs, retrying the ones that failed (a broker that
// is being stopped or started) for up to two minutes. A retried write the
// broker had in fact stored duplicates an input; the checker counts inputs
// as they are on the topic, so that only adds records to check.
func writeRetrying(ctx context.Context, w *kafka.Writer, msgs []kafka.Message) error {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		err := w.WriteMessages(ctx, msgs...)
		if err == nil || ctx.Err() != nil || time.Now().After(deadline) {
			return err
		}
		if we, ok := errors.AsType[kafka.WriteErrors](err); ok {
			var failed []kafka.Message
			for i, e := range we {
				if e != nil {
					failed = append(failed, msgs[i])
				}
			}
			msgs = failed
		}
		time.Sleep(500 * time.Millisecond)
	}
}
