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
		_, err := partitionsOf(ctx, c, topics...)
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

// partitionsOf lists the partitions of topics, failing while one has no
// leader.
func partitionsOf(ctx context.Context, c kafkaauth.Cluster, topics ...string) (map[string][]int, error) {
	md, err := c.Client(10*time.Second).Metadata(ctx, &kafka.MetadataRequest{Topics: topics})
	if err != nil {
		return nil, err
	}
	out := map[string][]int{}
	for _, t := range md.Topics {
		if t.Error != nil || len(t.Partitions) == 0 {
			return nil, fmt.Errorf("topic %s: not ready (%v)", t.Name, t.Error)
		}
		for _, p := range t.Partitions {
			if p.Error != nil || p.Leader.Host == "" {
				return nil, fmt.Errorf("topic %s partition %d: no leader", t.Name, p.ID)
			}
			out[t.Name] = append(out[t.Name], p.ID)
		}
	}
	if len(out) != len(topics) {
		return nil, fmt.Errorf("topics %v: only %d known", topics, len(out))
	}
	return out, nil
}

// bounds is a partition's first and end offsets.
type bounds struct{ first, end int64 }

// offsetsOf returns the bounds of every partition of topics.
func offsetsOf(ctx context.Context, c kafkaauth.Cluster, topics ...string) (map[string]map[int]bounds, error) {
	parts, err := partitionsOf(ctx, c, topics...)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	req := &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{}}
	for t, ps := range parts {
		for _, p := range ps {
			req.Topics[t] = append(req.Topics[t], kafka.FirstOffsetOf(p), kafka.LastOffsetOf(p))
		}
	}
	resp, err := c.Client(30*time.Second).ListOffsets(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("bench: list offsets: %w", err)
	}
	out := map[string]map[int]bounds{}
	for t, pos := range resp.Topics {
		out[t] = map[int]bounds{}
		for _, po := range pos {
			if po.Error != nil {
				return nil, fmt.Errorf("bench: offsets of %s/%d: %w", t, po.Partition, po.Error)
			}
			out[t][po.Partition] = bounds{po.FirstOffset, po.LastOffset}
		}
	}
	return out, nil
}

// countRecords is how many records topics hold.
func countRecords(ctx context.Context, c kafkaauth.Cluster, topics ...string) (int64, error) {
	offs, err := offsetsOf(ctx, c, topics...)
	if err != nil {
		return 0, err
	}
	n := int64(0)
	for _, ps := range offs {
		for _, b := range ps {
			n += b.end - b.first
		}
	}
	return n, nil
}

// scan calls fn with every record topics hold when it is called, in
// partition order within a partition; fn is called from several
// goroutines, one per partition.
func scan(ctx context.Context, c kafkaauth.Cluster, fn func(kafka.Message), topics ...string) error {
	offs, err := offsetsOf(ctx, c, topics...)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	sem := make(chan struct{}, 6)
	for t, ps := range offs {
		for p, b := range ps {
			if b.end <= b.first {
				continue
			}
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				if err := follow(ctx, c, t, p, b.first, func(m kafka.Message) bool { fn(m); return m.Offset < b.end-1 }); err != nil {
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
