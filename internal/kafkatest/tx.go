package kafkatest

import (
	"context"
	"strings"
	"testing"

	"github.com/triage/triage/internal/kafkaauth"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// TxProducer is a transactional producer (franz-go, since kafka-go has no
// transactions) on addrs, closed with the test.
func TxProducer(t testing.TB, addrs []string) *kgo.Client {
	t.Helper()
	opts := []kgo.Opt{kgo.SeedBrokers(addrs...), kgo.TransactionalID("triage-test-" + t.Name())}
	if sec := securityFor(addrs); sec.auth != nil {
		opts = append(opts, franzSecurity(sec.auth, sec.cfg)...)
	}
	cl, err := kgo.NewClient(opts...)
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

// franzSecurity is a's security for a franz-go client.
func franzSecurity(a *kafkaauth.Auth, c kafkaauth.Config) []kgo.Opt {
	var opts []kgo.Opt
	if t := a.TLSConfig(); t != nil {
		opts = append(opts, kgo.DialTLSConfig(t.Clone()))
	}
	s := scram.Auth{User: c.SASL.Username, Pass: c.SASL.Password}
	switch strings.ToLower(c.SASL.Mechanism) {
	case "plain":
		opts = append(opts, kgo.SASL(plain.Auth{User: c.SASL.Username, Pass: c.SASL.Password}.AsMechanism()))
	case "scram-sha-256":
		opts = append(opts, kgo.SASL(s.AsSha256Mechanism()))
	case "scram-sha-512":
		opts = append(opts, kgo.SASL(s.AsSha512Mechanism()))
	}
	return opts
}
