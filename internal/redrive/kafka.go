package redrive

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/kafkaauth"
)

// This file is the one place re-drive makes Kafka clients: the producer
// (newWriter) and the admin client (ensureLedger). Reads go through
// replay.Resolve and replay.ReadRange. All take the kafkaauth.Cluster of
// Config, so every connection has the configured TLS and SASL.

// newWriter is the producer of re-driven records and ledger entries: the
// live service's (acks from all in-sync replicas, murmur2 partitioning by
// key, so a copy lands on the partition the original key maps to).
func newWriter(c kafkaauth.Cluster) *kafka.Writer {
	return consumer.NewWriter(c.Brokers, 5*time.Millisecond, c.Auth)
}

// ensureLedger reports whether the ledger topic exists and, when create,
// creates it first (one partition, cleanup.policy=compact, the brokers'
// default replication). It blocks for a few broker round trips.
func ensureLedger(ctx context.Context, c kafkaauth.Cluster, topic string, create bool) (bool, error) {
	client := c.Client(10 * time.Second)
	exists := func() (bool, error) {
		md, err := client.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{topic}})
		if err != nil {
			return false, fmt.Errorf("redrive: metadata of ledger topic %s (check --kafka.brokers): %w", topic, c.Auth.Explain(err))
		}
		if len(md.Topics) == 1 && md.Topics[0].Error == nil && len(md.Topics[0].Partitions) > 0 {
			return true, nil
		}
		if len(md.Topics) == 1 && md.Topics[0].Error != nil && !errors.Is(md.Topics[0].Error, kafka.UnknownTopicOrPartition) {
			return false, fmt.Errorf("redrive: ledger topic %s: %w", topic, md.Topics[0].Error)
		}
		return false, nil
	}
	ok, err := exists()
	if ok || err != nil || !create {
		return ok, err
	}
	resp, err := client.CreateTopics(ctx, &kafka.CreateTopicsRequest{Topics: []kafka.TopicConfig{{
		Topic: topic, NumPartitions: 1, ReplicationFactor: -1,
		ConfigEntries: []kafka.ConfigEntry{{ConfigName: "cleanup.policy", ConfigValue: "compact"}},
	}}})
	if err == nil {
		err = resp.Errors[topic]
	}
	if err != nil && !errors.Is(err, kafka.TopicAlreadyExists) {
		return false, fmt.Errorf("redrive: create the ledger topic %s (or create it yourself, compacted, and retry): %w", topic, err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; {
		if ok, err := exists(); ok || err != nil {
			return ok, err
		}
		if time.Now().After(deadline) {
			return false, fmt.Errorf("redrive: ledger topic %s created but has no leader after 30s", topic)
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
