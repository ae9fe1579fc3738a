package redrive

import (
	"context"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkatest"
)

// The ledger topic is created compacted when asked, and only then.
func TestEnsureLedger(t *testing.T) {
	b := kafkatest.Start(t)
	ctx := context.Background()
	topic := b.Topic(t, "rd.ledger", 1) + ".x"
	if ok, err := ensureLedger(ctx, b.Cluster(), topic, false); ok || err != nil {
		t.Fatalf("before: exists %v, %v", ok, err)
	}
	if ok, err := ensureLedger(ctx, b.Cluster(), topic, true); !ok || err != nil {
		t.Fatalf("create: exists %v, %v", ok, err)
	}
	resp, err := b.Cluster().Client(0).DescribeConfigs(ctx, &kafka.DescribeConfigsRequest{Resources: []kafka.DescribeConfigRequestResource{
		{ResourceType: kafka.ResourceTypeTopic, ResourceName: topic, ConfigNames: []string{"cleanup.policy"}}}})
	if err != nil || len(resp.Resources) != 1 || len(resp.Resources[0].ConfigEntries) != 1 || resp.Resources[0].ConfigEntries[0].ConfigValue != "compact" {
		t.Errorf("cleanup.policy of %s: %+v, %v; want compact", topic, resp, err)
	}
	if ok, err := ensureLedger(ctx, b.Cluster(), topic, true); !ok || err != nil {
		t.Errorf("again: exists %v, %v", ok, err)
	}
}
