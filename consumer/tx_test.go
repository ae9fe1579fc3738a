package consumer_test

import (
	"testing"
	"time"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/kafkatest"
)

// Input written in transactions is read like a read_committed Kafka
// consumer reads it: records of aborted transactions are not decided,
// transaction markers are neither decided nor dead-lettered, and the
// committed offset reaches the end of the partition (markers included), so
// no lag is left. kafka-go's Reader hands markers and aborted records over
// as messages.
func TestIntegrationTransactionalInputReadCommitted(t *testing.T) {
	e := newEnv(t, 1)
	tx := kafkatest.TxProducer(t, e.b.Addrs)
	kafkatest.ProduceTx(t, tx, e.in, "k", true, `{"key":"k","seq":0}`, `{"key":"k","seq":1}`)
	kafkatest.ProduceTx(t, tx, e.in, "k", false, `{"key":"k","seq":90}`, `{"key":"k","seq":91}`)
	kafkatest.ProduceTx(t, tx, e.in, "k", true, `{"key":"k","seq":2}`)
	// The coordinator writes the last marker after EndTransaction returns.
	waitFor(t, "the last marker", 30*time.Second, func() bool { return endOffsets(t, e)[0] == 8 })
	r := e.runner(t, consumer.HandlerFunc(e.echo), nil)
	stop := start(t, r)
	waitCommittedToEnd(t, e, 60*time.Second)
	stop()
	if c := committed(t, e)[0]; c != 8 {
		t.Errorf("committed %d, want 8: the end of the partition, past the last marker", c)
	}
	seen := checkOrder(t, e.b.ReadAll(t, e.out))
	if len(seen) != 3 || seen[rec{"k", 90}] != 0 || seen[rec{"k", 2}] != 1 {
		t.Errorf("outputs %v, want seq 0, 1 and 2 once each", seen)
	}
	if s := r.Stats(); s.DeadLettered != 0 || s.Fetched != 3 {
		t.Errorf("stats %+v: want 3 records fetched, no dead letter", s)
	}
}
