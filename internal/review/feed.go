package review

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkaauth"
)

// Follow reads every partition of the review and corrections topics from
// their first offsets and keeps following them, adding tasks and closing
// the ones corrected to b. It blocks until ctx is cancelled (returning nil)
// or a topic cannot be listed; a partition whose reads fail is retried
// after a pause, logged.
func Follow(ctx context.Context, c kafkaauth.Cluster, reviewTopic, correctionsTopic string, b *Board, log *slog.Logger) error {
	d := c.Auth.Dialer(10 * time.Second)
	var wg sync.WaitGroup
	defer wg.Wait()
	for _, t := range []struct {
		topic string
		add   func([]byte) bool
	}{{reviewTopic, b.AddTask}, {correctionsTopic, b.AddCorrection}} {
		parts, err := partitions(ctx, d, c.Brokers, t.topic)
		if err != nil {
			return err
		}
		for _, p := range parts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				follow(ctx, d, c.Brokers, t.topic, p, t.add, log)
			}()
		}
	}
	wg.Wait()
	return nil
}

func partitions(ctx context.Context, d *kafka.Dialer, brokers []string, topic string) ([]int, error) {
	var last error
	for _, b := range brokers {
		ps, err := d.LookupPartitions(ctx, "tcp", b, topic)
		if err == nil && len(ps) > 0 {
			out := make([]int, len(ps))
			for i, p := range ps {
				out[i] = p.ID
			}
			return out, nil
		}
		last = errors.Join(err, fmt.Errorf("%s: no partitions", topic))
	}
	return nil, fmt.Errorf("review: list partitions of %s (check the topic exists and the brokers answer): %w", topic, last)
}

// follow reads one partition until ctx is cancelled.
func follow(ctx context.Context, d *kafka.Dialer, brokers []string, topic string, partition int, add func([]byte) bool, log *slog.Logger) {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, Topic: topic, Partition: partition, Dialer: d,
		MaxBytes: 16 << 20, MaxWait: 500 * time.Millisecond})
	defer r.Close()
	_ = r.SetOffset(kafka.FirstOffset)
	for {
		m, err := r.ReadMessage(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			log.Warn("review: read failed, retrying", "topic", topic, "partition", partition, "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(2 * time.Second):
			}
			continue
		}
		if !add(m.Value) {
			log.Warn("review: record skipped: not a review task or correction", "topic", topic, "partition", partition, "offset", m.Offset)
		}
	}
}
