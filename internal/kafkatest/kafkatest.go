// Package kafkatest gives tests a Kafka broker: an in-process kfake cluster by
// default, or the real broker named by KAFKA_BROKERS, with helpers to create
// uniquely named topics, produce and read back. The same test code runs on
// both; each test logs which one it got ("broker=kfake" or "broker=real").
package kafkatest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/triage/triage/internal/kafkaauth"
	"github.com/twmb/franz-go/pkg/kfake"
)

// Broker is a running Kafka (real or fake) for one test.
type Broker struct {
	Addrs []string
	Real  bool
	// Security is what a client of this broker configures (kafka.tls.*,
	// kafka.sasl.*); Auth is it loaded (nil: plaintext).
	Security kafkaauth.Config
	Auth     *kafkaauth.Auth
}

// Start returns the broker for t: KAFKA_BROKERS (comma-separated) when set,
// else a fresh kfake cluster closed at the end of the test.
func Start(t testing.TB) *Broker {
	t.Helper()
	if env := os.Getenv("KAFKA_BROKERS"); env != "" {
		addrs := strings.Split(env, ",")
		a := authFor(addrs)
		t.Logf("broker=real addrs=%s security=%s", env, a)
		return &Broker{Addrs: addrs, Real: true, Security: EnvConfig(), Auth: a}
	}
	c, err := NewFake()
	if err != nil {
		t.Fatalf("kafkatest: start kfake: %v", err)
	}
	t.Cleanup(c.Close)
	t.Logf("broker=kfake addrs=%v", c.ListenAddrs())
	return &Broker{Addrs: c.ListenAddrs()}
}

// NewFake starts an in-process kfake cluster of one broker on a loopback
// port. Callers Close it.
func NewFake(opts ...kfake.Opt) (*kfake.Cluster, error) {
	opts = append([]kfake.Opt{kfake.NumBrokers(1), kfake.DefaultNumPartitions(1)}, opts...)
	return kfake.NewCluster(opts...)
}

// Topic creates a topic with a name unique to this run and returns it.
func (b *Broker) Topic(t testing.TB, prefix string, partitions int) string {
	t.Helper()
	var rnd [4]byte
	_, _ = rand.Read(rnd[:])
	name := fmt.Sprintf("%s.%s", prefix, hex.EncodeToString(rnd[:]))
	if err := CreateTopics(context.Background(), b.Addrs, partitions, name); err != nil {
		t.Fatalf("kafkatest: %v", err)
	}
	return name
}

// CreateTopics creates topics (replication factor 1) and waits until every
// partition has a leader. Existing topics are not an error.
func CreateTopics(ctx context.Context, brokers []string, partitions int, topics ...string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	client := authFor(brokers).Client(brokers, 10*time.Second)
	req := &kafka.CreateTopicsRequest{}
	for _, t := range topics {
		req.Topics = append(req.Topics, kafka.TopicConfig{Topic: t, NumPartitions: partitions, ReplicationFactor: 1})
	}
	resp, err := client.CreateTopics(ctx, req)
	if err != nil {
		return fmt.Errorf("create topics %v: %w", topics, err)
	}
	for name, e := range resp.Errors {
		if e != nil && !errors.Is(e, kafka.TopicAlreadyExists) {
			return fmt.Errorf("create topic %s: %w", name, e)
		}
	}
	for {
		md, err := client.Metadata(ctx, &kafka.MetadataRequest{Topics: topics})
		if err == nil && ready(md, len(topics)) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("topics %v not ready: %w", topics, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func ready(md *kafka.MetadataResponse, n int) bool {
	if len(md.Topics) != n {
		return false
	}
	for _, t := range md.Topics {
		if t.Error != nil || len(t.Partitions) == 0 {
			return false
		}
		for _, p := range t.Partitions {
			if p.Error != nil || p.Leader.Host == "" {
				return false
			}
		}
	}
	return true
}

// Produce writes msgs synchronously (acks=all, key-hash partitioning, or the
// partition set on each message when Partition >= 0 and the topic's
// partition count is passed as explicit).
func (b *Broker) Produce(t testing.TB, msgs ...kafka.Message) {
	t.Helper()
	if err := Produce(context.Background(), b.Addrs, msgs...); err != nil {
		t.Fatalf("kafkatest: produce: %v", err)
	}
}

// Produce writes msgs with acks=all, partitioned by murmur2 of the key.
func Produce(ctx context.Context, brokers []string, msgs ...kafka.Message) error {
	w := &kafka.Writer{Addr: kafka.TCP(brokers...), Transport: authFor(brokers).Transport(), Balancer: &kafka.Murmur2Balancer{Consistent: true},
		RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond, BatchSize: 1000}
	defer w.Close()
	for len(msgs) > 0 {
		n := min(len(msgs), 1000)
		if err := w.WriteMessages(ctx, msgs[:n]...); err != nil {
			return err
		}
		msgs = msgs[n:]
	}
	return nil
}

// ReadN reads topic from the beginning of every partition, without a group,
// until n records arrived or timeout passed, and returns what it got.
func (b *Broker) ReadN(t testing.TB, topic string, n int, timeout time.Duration) []kafka.Message {
	t.Helper()
	got, err := ReadN(context.Background(), b.Addrs, topic, n, timeout)
	if err != nil {
		t.Fatalf("kafkatest: read %s: %v", topic, err)
	}
	return got
}

// ReadN is Broker.ReadN without a test.
func ReadN(ctx context.Context, brokers []string, topic string, n int, timeout time.Duration) ([]kafka.Message, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := authFor(brokers).Dialer(10*time.Second).DialContext(ctx, "tcp", brokers[0])
	if err != nil {
		return nil, err
	}
	parts, err := conn.ReadPartitions(topic)
	conn.Close()
	if err != nil {
		return nil, err
	}
	out := Tail(ctx, brokers, len(parts), topic)
	var got []kafka.Message
	for len(got) < n {
		select {
		case m := <-out:
			got = append(got, m)
		case <-ctx.Done():
			return got, nil
		}
	}
	return got, nil
}

// FreePort returns a free loopback TCP port.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	_, p, _ := net.SplitHostPort(l.Addr().String())
	return strconv.Atoi(p)
}

// ReadAll reads every record of topic present when it is called, from all
// partitions, in per-partition order.
func (b *Broker) ReadAll(t testing.TB, topic string) []kafka.Message {
	t.Helper()
	got, err := ReadAll(context.Background(), b.Addrs, topic)
	if err != nil {
		t.Fatalf("kafkatest: read all %s: %v", topic, err)
	}
	return got
}

// ReadAll is Broker.ReadAll without a test.
func ReadAll(ctx context.Context, brokers []string, topic string) ([]kafka.Message, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	offs, err := kafkaauth.Cluster{Brokers: brokers, Auth: authFor(brokers)}.Offsets(ctx, topic)
	if err != nil {
		return nil, err
	}
	var out []kafka.Message
	for p, b := range offs[topic] {
		if b.End == 0 {
			continue
		}
		r := kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, Dialer: authFor(brokers).Dialer(10 * time.Second), Topic: topic, Partition: p, MinBytes: 1, MaxBytes: 16 << 20, MaxWait: 100 * time.Millisecond})
		for {
			m, err := r.ReadMessage(ctx)
			if err != nil {
				r.Close()
				return nil, fmt.Errorf("partition %d: %w", p, err)
			}
			out = append(out, m)
			if m.Offset >= b.End-1 {
				break
			}
		}
		r.Close()
	}
	return out, nil
}

// Tail reads partitions 0..partitions-1 of every topic from the start,
// without a consumer group, and sends each record on the returned channel
// (per-partition order) until ctx ends.
func Tail(ctx context.Context, brokers []string, partitions int, topics ...string) <-chan kafka.Message {
	out := make(chan kafka.Message, 1024)
	for _, topic := range topics {
		for p := 0; p < partitions; p++ {
			r := kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, Dialer: authFor(brokers).Dialer(10 * time.Second), Topic: topic, Partition: p, MinBytes: 1, MaxBytes: 16 << 20, MaxWait: 100 * time.Millisecond})
			go func() {
				defer r.Close()
				for {
					m, err := r.ReadMessage(ctx)
					if err != nil {
						return
					}
					select {
					case out <- m:
					case <-ctx.Done():
						return
					}
				}
			}()
		}
	}
	return out
}
