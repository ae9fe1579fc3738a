package consumer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/kafkatest"
)

// The broker goes away mid-stream and comes back on the same address with
// its data: the runner rides it out (fetch, publish and commit retry) and
// nothing is lost. Runs on kfake with a data directory, since a test cannot
// restart the shared real broker.
func TestBrokerRestartLosesNothing(t *testing.T) {
	dir := t.TempDir()
	port, err := kafkatest.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	opts := []kfake.Opt{kfake.Ports(port), kfake.DataDir(dir), kfake.SyncWrites()}
	c, err := kafkatest.NewFake(opts...)
	if err != nil {
		t.Fatal(err)
	}
	b := &kafkatest.Broker{Addrs: c.ListenAddrs()}
	e := &env{b: b, partitions: 2, in: b.Topic(t, "rs.in", 2), out: b.Topic(t, "rs.out", 2), dlq: b.Topic(t, "rs.dlq", 1), group: "restart"}
	e.handlerDelayUs = 3000
	const keys, perKey = 10, 60
	e.produce(t, keys, perKey, 0)
	r := e.runner(t, consumer.HandlerFunc(e.echo), func(c *consumer.Config) { c.LagInterval = 200 * time.Millisecond })
	stop := start(t, r)
	waitFor(t, "some progress", 30*time.Second, func() bool { return r.Stats().Published >= 100 })

	c.Close()
	waitFor(t, "unready while the broker is down", 60*time.Second, func() bool { return r.Ready() != nil })
	time.Sleep(1500 * time.Millisecond) // how long the outage lasts
	c2, err := kafkatest.NewFake(opts...)
	if err != nil {
		t.Fatalf("restart broker on port %d: %v", port, err)
	}
	defer c2.Close()
	t.Logf("broker restarted after %d published", r.Stats().Published)
	waitFor(t, "ready again after the broker came back", 60*time.Second, func() bool { return r.Ready() == nil })
	waitFor(t, "all records after the restart", 120*time.Second, func() bool {
		out, err := kafkatest.ReadAll(context.Background(), b.Addrs, e.out)
		return err == nil && distinct(out) == keys*perKey
	})
	stop()
	out := b.ReadAll(t, e.out)
	seen := checkOrder(t, out)
	t.Logf("outputs %d, distinct %d, stats %+v", len(out), len(seen), r.Stats())
	if dups := len(out) - len(seen); dups > 128*e.partitions {
		t.Errorf("duplicates %d exceed checkpoint_limit (128) × partitions", dups)
	}
}

func distinct(msgs []kafka.Message) int {
	seen := map[string]bool{}
	for _, m := range msgs {
		var r rec
		if json.Unmarshal(m.Value, &r) == nil {
			seen[fmt.Sprint(r)] = true
		}
	}
	return len(seen)
}
