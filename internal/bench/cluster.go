package bench

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkaauth"
)

// createTopics creates topics with partitions each (replication factor 1,
// existing ones are not an error) and waits until every partition has a
// leader.
func createTopics(ctx context.Context, c kafkaauth.Cluster, partitions int, topics ...string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	client := c.Client(10 * time.Second)
	req := &kafka.CreateTopicsRequest{}
	for _, t := range topics {
		req.Topics = append(req.Topics, kafka.TopicConfig{Topic: t, NumPartitions: partitions, ReplicationFactor: 1})
	}
	resp, err := client.CreateTopics(ctx, req)
	if err != nil {
		return fmt.Errorf("bench: create topics %v: %w", topics, c.Auth.Explain(err))
	}
	for name, e := range resp.Errors {
		if e != nil && !errors.Is(e, kafka.TopicAlreadyExists) {
			return fmt.Errorf("bench: create topic %s: %w", name, e)
		}
	}
	for {
		_, err := c.Partitions(ctx, topics...)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("bench: topics %v not ready: %w", topics, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// countRecords is how many records topics hold.
func countRecords(ctx context.Context, c kafkaauth.Cluster, topics ...string) (int64, error) {
	offs, err := c.Offsets(ctx, topics...)
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	n := int64(0)
	for _, ps := range offs {
		for _, b := range ps {
			n += b.End - b.First
		}
	}
	return n, nil
}

// scan calls fn with every record topics hold when it is called, in
// partition order within a partition; fn is called from several
// goroutines, one per partition.
func scan(ctx context.Context, c kafkaauth.Cluster, fn func(kafka.Message), topics ...string) error {
	offs, err := c.Offsets(ctx, topics...)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	sem := make(chan struct{}, 6)
	for t, ps := range offs {
		for p, b := range ps {
			if b.End <= b.First {
				continue
			}
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				if err := follow(ctx, c, t, p, b.First, func(m kafka.Message) bool { fn(m); return m.Offset < b.End-1 }); err != nil {
					select {
					case errs <- fmt.Errorf("bench: read %s/%d: %w", t, p, err):
					default:
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// follow reads topic/partition from offset, calling fn with each record
// until fn returns false (nil) or ctx ends (ctx's error).
func follow(ctx context.Context, c kafkaauth.Cluster, topic string, partition int, offset int64, fn func(kafka.Message) bool) error {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: c.Brokers, Dialer: c.Auth.Dialer(10 * time.Second), Topic: topic, Partition: partition,
		MinBytes: 1, MaxBytes: 16 << 20, MaxWait: 100 * time.Millisecond})
	defer r.Close()
	if err := r.SetOffset(offset); err != nil {
		return err
	}
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return err
		}
		if !fn(m) {
			return nil
		}
	}
}
