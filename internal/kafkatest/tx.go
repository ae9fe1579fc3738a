package kafkatest

import (
	"context"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
)

// TxProducer is a transactional producer (franz-go, since kafka-go has no
// transactions) on addrs, closed with the test.
func TxProducer(t testing.TB, addrs []string) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addrs...), kgo.TransactionalID("triage-test-"+t.Name()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// ProduceTx writes values (keyed by key, when not empty) to topic in one
// transaction of cl, committed or aborted. The topic then holds the
// records and a transaction marker.
func ProduceTx(t testing.TB, cl *kgo.Client, topic, key string, commit bool, values ...string) {
	t.Helper()
	ctx := context.Background()
	if err := cl.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	for _, v := range values {
		r := &kgo.Record{Topic: topic, Value: []byte(v)}
		if key != "" {
			r.Key = []byte(key)
		}
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	if err := cl.EndTransaction(ctx, kgo.TransactionEndTry(commit)); err != nil {
		t.Fatal(err)
	}
}
