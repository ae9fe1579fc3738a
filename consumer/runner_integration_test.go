package consumer_test

import (
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/failure"
)

// N in, N out, per-key order kept under concurrency, and every offset
// committed after a graceful stop.
func TestIntegrationAllDeliveredInKeyOrder(t *testing.T) {
	e := newEnv(t, 4)
	e.handlerDelayUs = 2000
	const keys, perKey = 20, 30
	e.produce(t, keys, perKey, 0)
	r := e.runner(t, consumer.HandlerFunc(e.echo), nil)
	stop := start(t, r)
	waitFor(t, "all records published", 60*time.Second, func() bool { return r.Stats().Published >= keys*perKey })
	stop()

	out := e.b.ReadN(t, e.out, keys*perKey, 20*time.Second)
	seen := checkOrder(t, out)
	if len(seen) != keys*perKey {
		t.Fatalf("distinct outputs = %d, want %d", len(seen), keys*perKey)
	}
	end, got := endOffsets(t, e), committed(t, e)
	for p, off := range end {
		if got[p] != off {
			t.Errorf("partition %d: committed %d, end %d", p, got[p], off)
		}
	}
	if s := r.Stats(); s.DeadLettered != 0 || s.Abandoned != 0 {
		t.Errorf("stats = %+v", s)
	}
}

// A bad record goes to the DLQ with its reason and the partition moves on.
func TestIntegrationBadRecordDeadLetteredPartitionMoves(t *testing.T) {
	e := newEnv(t, 1)
	e.b.Produce(t,
		kafka.Message{Topic: e.in, Key: []byte("a"), Value: []byte(`{"key":"a","seq":0}`)},
		kafka.Message{Topic: e.in, Key: []byte("a"), Value: []byte(`{not json`), Headers: []kafka.Header{{Key: "trace", Value: []byte("t1")}}},
		kafka.Message{Topic: e.in, Key: []byte("a"), Value: []byte(`{"key":"a","seq":2}`)},
	)
	r := e.runner(t, consumer.HandlerFunc(e.echo), nil)
	stop := start(t, r)
	waitFor(t, "3 records finished", 30*time.Second, func() bool { s := r.Stats(); return s.Published+s.DeadLettered >= 3 })
	stop()

	dead, dl := oneDeadLetter(t, e)
	v, _ := base64.StdEncoding.DecodeString(*dl.ValueB64)
	if dl.Reason != failure.InvalidJSON || dl.Source.Offset != 1 || string(v) != `{not json` || dl.Headers[0].Key != "trace" {
		t.Errorf("envelope = %+v", dl)
	}
	if h := header(dead, consumer.HeaderDLQReason); h != "invalid_json" {
		t.Errorf("reason header = %q", h)
	}
	if out := e.b.ReadN(t, e.out, 2, 10*time.Second); len(out) != 2 {
		t.Errorf("outputs = %d, want 2", len(out))
	}
	if c := committed(t, e); c[0] != 3 {
		t.Errorf("committed = %d, want 3", c[0])
	}
}

// Two instances in one group split the partitions; stopping one hands its
// partitions to the other and nothing is lost.
func TestIntegrationTwoInstancesScaleOutAndHandOver(t *testing.T) {
	e := newEnv(t, 4)
	const keys, perKey = 16, 20
	r1 := e.runner(t, consumer.HandlerFunc(e.echo), nil)
	r2 := e.runner(t, consumer.HandlerFunc(e.echo), nil)
	stop1 := start(t, r1)
	stop2 := start(t, r2)
	waitMembers(t, e, 2, 60*time.Second)
	e.produce(t, keys, perKey, 0)
	waitFor(t, "first batch", 90*time.Second, func() bool { return r1.Stats().Published+r2.Stats().Published >= keys*perKey })
	a, b := r1.Stats().Published, r2.Stats().Published
	t.Logf("split: instance1=%d instance2=%d", a, b)
	if a == 0 || b == 0 {
		t.Errorf("one instance got no partitions: %d/%d", a, b)
	}
	stop1()
	e.produce(t, keys, perKey, perKey)
	waitCommittedToEnd(t, e, 90*time.Second)
	stop2()
	out := e.b.ReadAll(t, e.out)
	if seen := checkOrder(t, out); len(seen) != 2*keys*perKey {
		t.Fatalf("distinct outputs = %d, want %d", len(seen), 2*keys*perKey)
	}
}

// Graceful shutdown commits what finished: a stop while records are in
// flight lets them finish within the budget and commits them.
func TestIntegrationShutdownCommitsFinished(t *testing.T) {
	e := newEnv(t, 1)
	e.handlerDelayUs = 20000
	e.produce(t, 5, 20, 0)
	r := e.runner(t, consumer.HandlerFunc(e.echo), func(c *consumer.Config) { c.CommitInterval = time.Hour })
	stop := start(t, r)
	waitFor(t, "some progress", 30*time.Second, func() bool { return r.Stats().Published >= 10 })
	stop()
	s := r.Stats()
	if s.Abandoned != 0 {
		t.Errorf("abandoned %d records despite a 30s budget", s.Abandoned)
	}
	if c := committed(t, e); c[0] != s.Published {
		t.Errorf("committed offset %d, published %d: final commit missing", c[0], s.Published)
	}
}

func header(m kafka.Message, key string) string {
	for _, h := range m.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return fmt.Sprintf("<no %s>", key)
}
