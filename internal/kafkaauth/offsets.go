package kafkaauth

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/segmentio/kafka-go"
)

// Bounds are the offsets of one partition: First, the oldest it still
// holds, and End, the one the next record written gets; it holds End-First
// records.
type Bounds struct{ First, End int64 }

// Partitions returns the partition numbers of each of topics, in order. It
// fails, naming the topic, while one does not exist, has no partitions, or
// has a partition without a leader (as just after it was created: the
// caller may retry). It blocks for one metadata request, at most 10 s, or
// until ctx ends.
func (c Cluster) Partitions(ctx context.Context, topics ...string) (map[string][]int, error) {
	md, err := c.Client(10*time.Second).Metadata(ctx, &kafka.MetadataRequest{Topics: topics})
	if err != nil {
		return nil, fmt.Errorf("list partitions of %v (check the brokers answer): %w", topics, c.Auth.Explain(err))
	}
	out := map[string][]int{}
	for _, t := range md.Topics {
		if t.Error != nil || len(t.Partitions) == 0 {
			return nil, fmt.Errorf("topic %s has no partitions (check it exists and is readable): %v", t.Name, t.Error)
		}
		for _, p := range t.Partitions {
			if p.Error != nil || p.Leader.Host == "" {
				return nil, fmt.Errorf("topic %s partition %d has no leader yet: %v", t.Name, p.ID, p.Error)
			}
			out[t.Name] = append(out[t.Name], p.ID)
		}
		slices.Sort(out[t.Name])
	}
	for _, t := range topics {
		if _, ok := out[t]; !ok {
			return nil, fmt.Errorf("topic %s has no partitions (check it exists and is readable)", t)
		}
	}
	return out, nil
}

// Offsets returns the Bounds of every partition of each of topics, by
// partition number; it fails as Partitions does, or when a partition's
// offsets are not answered. It blocks for one metadata and one offsets
// request, at most 10 and 30 s, or until ctx ends.
func (c Cluster) Offsets(ctx context.Context, topics ...string) (map[string]map[int]Bounds, error) {
	parts, err := c.Partitions(ctx, topics...)
	if err != nil {
		return nil, err
	}
	req := &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{}}
	for t, ps := range parts {
		for _, p := range ps {
			req.Topics[t] = append(req.Topics[t], kafka.FirstOffsetOf(p), kafka.LastOffsetOf(p))
		}
	}
	resp, err := c.Client(30*time.Second).ListOffsets(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("list offsets of %v (check the brokers answer): %w", topics, c.Auth.Explain(err))
	}
	out := map[string]map[int]Bounds{}
	for t, ps := range parts {
		out[t] = map[int]Bounds{}
		for _, po := range resp.Topics[t] {
			if po.Error != nil {
				return nil, fmt.Errorf("offsets of %s/%d: %w", t, po.Partition, po.Error)
			}
			out[t][po.Partition] = Bounds{po.FirstOffset, po.LastOffset}
		}
		if len(out[t]) != len(ps) {
			return nil, fmt.Errorf("offsets of %s: %d of %d partitions answered", t, len(out[t]), len(ps))
		}
	}
	return out, nil
}
