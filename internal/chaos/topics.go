package chaos

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/triage/triage/internal/kafkaauth"
)

// Bounds are the first and end (next to be written) offsets of one partition.
type Bounds = kafkaauth.Bounds

// TopicBounds returns the offset bounds of every partition of topics. A
// failed attempt (a leader not elected yet, a broker restarting) is retried
// every 250 ms for up to 15 s.
func TopicBounds(ctx context.Context, brokers []string, topics ...string) (map[Partition]Bounds, error) {
	deadline := time.Now().Add(15 * time.Second)
	for {
		b, err := topicBounds(ctx, brokers, topics)
		if err == nil || ctx.Err() != nil || time.Now().After(deadline) {
			return b, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func topicBounds(ctx context.Context, brokers []string, topics []string) (map[Partition]Bounds, error) {
	offs, err := kafkaauth.Cluster{Brokers: brokers}.Offsets(ctx, topics...)
	if err != nil {
		return nil, fmt.Errorf("chaos: %w", err)
	}
	out := map[Partition]Bounds{}
	for t, ps := range offs {
		for p, b := range ps {
			out[Partition{t, p}] = b
		}
	}
	return out, nil
}

// Scan reads every record of topics present when it is called, partition by
// partition (several partitions at once), and calls fn for each record of a
// partition in offset order. fn may be called from several goroutines, never
// twice at once for the same partition.
func Scan(ctx context.Context, brokers []string, fn func(kafka.Message) error, topics ...string) error {
	bounds, err := TopicBounds(ctx, brokers, topics...)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	sem := make(chan struct{}, 6)
	for p, b := range bounds {
		if b.End <= b.First {
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := scanPartition(ctx, brokers, p, b, fn); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func scanPartition(ctx context.Context, brokers []string, p Partition, b Bounds, fn func(kafka.Message) error) error {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, Topic: p.Topic, Partition: p.Partition,
		MinBytes: 1, MaxBytes: 16 << 20, MaxWait: 200 * time.Millisecond})
	defer r.Close()
	if err := r.SetOffset(b.First); err != nil {
		return fmt.Errorf("chaos: seek %s: %w", p, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return fmt.Errorf("chaos: read %s: %w", p, err)
		}
		if err := fn(m); err != nil {
			return err
		}
		if m.Offset >= b.End-1 {
			return nil
		}
	}
}
