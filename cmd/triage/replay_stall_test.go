package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/triage/triage/internal/demo"
	"github.com/triage/triage/internal/kafkatest"
)

func TestReplayStallTimeoutMustBePositive(t *testing.T) {
	var out, errb bytes.Buffer
	code := cmdReplay(context.Background(), []string{"--kafka.brokers", "127.0.0.1:1", "--stall-timeout", "0s"}, &out, &errb, env(nil))
	if code != 2 || !strings.Contains(errb.String(), "--stall-timeout must be positive") {
		t.Errorf("code %d, stderr %q; want 2 and a --stall-timeout error", code, errb.String())
	}
}

// A partition that cannot reach its end offset (here a transaction still
// open at the end of the range: read_committed cannot pass it) fails the
// replay with exit code 1 once its position has not moved for
// --stall-timeout, naming the partition and how to resume.
func TestIntegrationReplayCommandFailsOnStalledPartition(t *testing.T) {
	b := kafkatest.Start(t)
	tickets, routed, dlq := b.Topic(t, "s.tickets", 1), b.Topic(t, "s.routed", 1), b.Topic(t, "s.dlq", 1)
	ss, err := demo.Samples()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if s.Topic == "tickets" && s.WantReason == "" {
			b.Produce(t, kafka.Message{Topic: tickets, Key: s.Key, Value: s.Value})
			break
		}
	}
	cl := kafkatest.TxProducer(t, b.Addrs) // left open: never committed
	if err := cl.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	if err := cl.ProduceSync(context.Background(), &kgo.Record{Topic: tickets, Value: []byte(`{}`)}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	flags := append(b.Flags(), "--topics.tickets", tickets, "--topic", tickets,
		"--topics.routed", routed, "--topics.dlq", dlq, "--log.level", "warn", "--stall-timeout", "300ms")
	var out, errb bytes.Buffer
	if code := cmdReplay(context.Background(), flags, &out, &errb, env(nil)); code != 1 {
		t.Fatalf("code %d, want 1\n%s\n%s", code, out.String(), errb.String())
	}
	if s := out.String(); !strings.Contains(s, "replay FAILED") || !strings.Contains(s, tickets+"/0 offsets [0, 2): FAILED at 1, 1 left") || !strings.Contains(s, "resume with") {
		t.Errorf("summary does not report the stalled partition:\n%s", s)
	}
	t.Logf("summary:\n%s\nstderr: %s", out.String(), errb.String())
	if !strings.Contains(errb.String(), "stalled") {
		t.Errorf("stderr does not say why: %s", errb.String())
	}
}
