package consumer_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/kafkaauth"
	"github.com/triage/triage/internal/kafkatest"
)

// secureEnv is newEnv on an in-process broker that accepts only mutual
// TLS plus SASL mechanism.
func secureEnv(t *testing.T, mechanism string, partitions int) *env {
	b, _ := kafkatest.StartSecure(t, mechanism)
	return &env{b: b, partitions: partitions,
		in: b.Topic(t, "sec.in", partitions), out: b.Topic(t, "sec.out", partitions), dlq: b.Topic(t, "sec.dlq", 1),
		group: fmt.Sprintf("sec-%d", rand.Int())}
}

// Every connection of the runner (group coordinator, fetches, producer,
// commits, lag probes) must go over TLS with SASL: the broker refuses
// anything else, so a record published, one dead-lettered and the commit
// reaching the end prove each path.
func TestSecureClusterEveryConnection(t *testing.T) {
	for _, mech := range []string{"PLAIN", "SCRAM-SHA-512"} {
		t.Run(mech, func(t *testing.T) {
			e := secureEnv(t, mech, 2)
			e.produce(t, 4, 5, 0)
			e.b.Produce(t, kafka.Message{Topic: e.in, Key: []byte("bad"), Value: []byte("not json")})
			r := runToEnd(t, e, consumer.HandlerFunc(e.echo))
			if s := r.Stats(); s.Published != 20 || s.DeadLettered != 1 || s.Commits == 0 {
				t.Fatalf("stats %+v: want 20 published, 1 dead-lettered, commits", s)
			}
			checkOrder(t, e.b.ReadN(t, e.out, 20, 30*time.Second))
			oneDeadLetter(t, e)
			if err := r.Ready(); err != nil {
				t.Fatalf("lag probes over TLS+SASL: %v", err)
			}
		})
	}
}

// A wrong password or an untrusted certificate stops Run at start with an
// error naming the setting, long before kafka.startup_timeout.
func TestSecureMisconfigurationFailsAtStart(t *testing.T) {
	e := secureEnv(t, "SCRAM-SHA-256", 1)
	cases := []struct {
		name string
		mod  func(*kafkaauth.Config)
		want string
	}{
		{"wrong password", func(c *kafkaauth.Config) { c.SASL.Password = "nope" }, "kafka.sasl"},
		{"untrusted certificate", func(c *kafkaauth.Config) { c.TLS.CAFile = "" }, "kafka.tls.ca_file"},
		{"plaintext", func(c *kafkaauth.Config) { *c = kafkaauth.Config{} }, "kafka.tls.enabled"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sec := e.b.Security
			c.mod(&sec)
			auth, err := kafkaauth.New(sec)
			if err != nil {
				t.Fatal(err)
			}
			r := e.runner(t, consumer.HandlerFunc(e.echo), func(cfg *consumer.Config) { cfg.Auth = auth; cfg.StartupTimeout = time.Hour })
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			err = r.Run(ctx)
			if ctx.Err() != nil {
				t.Fatal("Run waited for the startup timeout instead of failing on a security error")
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Run: %v; want an error naming %s", err, c.want)
			}
			if strings.Contains(err.Error(), kafkatest.SecurePassword) {
				t.Fatal("the error shows the password")
			}
		})
	}
}
