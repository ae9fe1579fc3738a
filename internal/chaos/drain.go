package chaos

import (
	"context"
	"slices"
	"time"

	"github.com/segmentio/kafka-go"
)

// InputPartitions lists the partitions of the input topics, sorted.
func InputPartitions(ctx context.Context, topo Topology) ([]Partition, error) {
	b, err := TopicBounds(ctx, topo.Brokers, topo.Inputs...)
	if err != nil {
		return nil, err
	}
	var out []Partition
	for p := range b {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Partition) int {
		if a.Topic != b.Topic {
			if a.Topic < b.Topic {
				return -1
			}
			return 1
		}
		return a.Partition - b.Partition
	})
	return out, nil
}

// Lag returns, per input partition, end offset minus the group's committed
// offset (the end offset itself when nothing is committed), and the total.
func Lag(ctx context.Context, topo Topology) (map[Partition]int64, int64, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	bounds, err := TopicBounds(ctx, topo.Brokers, topo.Inputs...)
	if err != nil {
		return nil, 0, err
	}
	parts := make([]Partition, 0, len(bounds))
	for p := range bounds {
		parts = append(parts, p)
	}
	client := &kafka.Client{Addr: kafka.TCP(topo.Brokers...), Timeout: 10 * time.Second}
	committed, err := Committed(ctx, client, topo.Group, parts)
	if err != nil {
		return nil, 0, err
	}
	lag := map[Partition]int64{}
	var total int64
	for p, b := range bounds {
		at, ok := committed[p]
		if !ok {
			at = b.First
		}
		lag[p] = max(b.End-at, 0)
		total += lag[p]
	}
	return lag, total, nil
}
