package consumer_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/failure"
)

// A record whose handling panics is dead-lettered with reason panic and the
// stack in the error text; the runner survives and the partition moves on.
func TestIntegrationPanicIsDeadLetteredPartitionMoves(t *testing.T) {
	e := newEnv(t, 1)
	e.b.Produce(t,
		kafka.Message{Topic: e.in, Key: []byte("a"), Value: []byte(`{"key":"a","seq":0}`)},
		kafka.Message{Topic: e.in, Key: []byte("a"), Value: []byte(`{"key":"a","seq":1,"boom":true}`)},
		kafka.Message{Topic: e.in, Key: []byte("a"), Value: []byte(`{"key":"a","seq":2}`)},
	)
	h := consumer.HandlerFunc(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
		if strings.Contains(string(m.Value), "boom") {
			var nilMap map[string]int
			nilMap["x"]++ // a real runtime panic
		}
		return e.echo(ctx, m)
	})
	runToEnd(t, e, h)
	_, dl := oneDeadLetter(t, e)
	if dl.Reason != failure.Panic || dl.Source.Offset != 1 || !strings.Contains(dl.Error, "nil map") || !strings.Contains(dl.Error, "poison_test.go") {
		t.Errorf("dead letter = reason %q offset %d error %.300q", dl.Reason, dl.Source.Offset, dl.Error)
	}
	if out := e.b.ReadN(t, e.out, 2, 10*time.Second); len(out) != 2 {
		t.Errorf("outputs = %d, want 2", len(out))
	}
}

// Outputs the broker refuses for good (here: larger than the output topic
// accepts) are replaced by the record's dead letter, reason
// publish_refused; the partition moves on instead of retrying forever.
func TestIntegrationRefusedOutputIsDeadLettered(t *testing.T) {
	e := newEnv(t, 1)
	e.out = createTopic(t, e, "it.small", map[string]string{"max.message.bytes": "2000"})
	big := strings.Repeat("x", 5000)
	e.b.Produce(t,
		kafka.Message{Topic: e.in, Key: []byte("a"), Value: []byte(`{"key":"a","seq":0}`)},
		kafka.Message{Topic: e.in, Key: []byte("a"), Value: []byte(`{"key":"a","seq":1,"pad":"` + big + `"}`)},
		kafka.Message{Topic: e.in, Key: []byte("a"), Value: []byte(`{"key":"a","seq":2}`)},
	)
	runToEnd(t, e, consumer.HandlerFunc(e.echo))
	dead, _ := oneDeadLetter(t, e)
	if got := header(dead, consumer.HeaderDLQReason); got != string(failure.PublishRefusal) {
		t.Errorf("dead-letter reason %q, want publish_refused", got)
	}
	if out := e.b.ReadN(t, e.out, 2, 10*time.Second); len(out) != 2 {
		t.Errorf("outputs = %d, want 2", len(out))
	}
}

// A dead-letter topic that no longer exists cannot take a bad record: the
// runner stops with a *FatalError naming the topic (exit code != 0 in
// "triage run") instead of skipping the record or retrying forever, and
// does not commit it.
func TestIntegrationMissingDeadLetterTopicStopsLoudly(t *testing.T) {
	e := newEnv(t, 1)
	e.b.Produce(t, kafka.Message{Topic: e.in, Key: []byte("a"), Value: []byte(`{"key":"a","seq":0}`)})
	r := e.runner(t, consumer.HandlerFunc(e.echo), func(c *consumer.Config) { c.UnknownTopicGrace = 200 * time.Millisecond })
	client := e.b.Cluster().Client(10 * time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	waitFor(t, "the first record", 60*time.Second, func() bool { return r.Stats().Published >= 1 })
	if _, err := client.DeleteTopics(ctx, &kafka.DeleteTopicsRequest{Topics: []string{e.dlq}}); err != nil {
		t.Fatal(err)
	}
	e.b.Produce(t, kafka.Message{Topic: e.in, Key: []byte("a"), Value: []byte(`{not json`)})
	var err error
	select {
	case err = <-done:
	case <-time.After(120 * time.Second):
		t.Fatal("Run kept going although the dead-letter topic is gone")
	}
	var fatal *consumer.FatalError
	if !errors.As(err, &fatal) || fatal.Topic != e.dlq {
		t.Fatalf("Run returned %v, want a *FatalError for %s", err, e.dlq)
	}
	if c := committed(t, e); c[0] > 1 {
		t.Errorf("committed %d: the record that could not be dead-lettered was skipped", c[0])
	}
}

// createTopic creates a one-partition topic with configs.
func createTopic(t *testing.T, e *env, prefix string, configs map[string]string) string {
	t.Helper()
	name := prefix + "." + e.group
	var entries []kafka.ConfigEntry
	for k, v := range configs {
		entries = append(entries, kafka.ConfigEntry{ConfigName: k, ConfigValue: v})
	}
	client := e.b.Cluster().Client(10 * time.Second)
	resp, err := client.CreateTopics(context.Background(), &kafka.CreateTopicsRequest{Topics: []kafka.TopicConfig{
		{Topic: name, NumPartitions: 1, ReplicationFactor: 1, ConfigEntries: entries}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := resp.Errors[name]; err != nil {
		t.Fatal(err)
	}
	waitFor(t, "topic "+name, 30*time.Second, func() bool {
		md, err := client.Metadata(context.Background(), &kafka.MetadataRequest{Topics: []string{name}})
		return err == nil && len(md.Topics) == 1 && md.Topics[0].Error == nil && len(md.Topics[0].Partitions) == 1
	})
	return name
}

// A dead letter the dead-letter topic refuses as too large is replaced by
// its minimal form (value, key and headers as size and SHA-256 pointers),
// so the partition moves on. Round 1 retried "Message Size Too Large"
// every 5 s for ever, the partition stuck and /readyz still ready.
func TestIntegrationOversizedDeadLetterShrinksToFit(t *testing.T) {
	e := newEnv(t, 1)
	e.dlq = createTopic(t, e, "it.smalldlq", map[string]string{"max.message.bytes": "4000"})
	bad := `{not json ` + strings.Repeat("y", 20000)
	e.b.Produce(t,
		kafka.Message{Topic: e.in, Key: []byte("a"), Value: []byte(`{"key":"a","seq":0}`)},
		kafka.Message{Topic: e.in, Key: []byte("a"), Value: []byte(bad), Headers: []kafka.Header{{Key: "trace", Value: []byte(strings.Repeat("h", 3000))}}},
		kafka.Message{Topic: e.in, Key: []byte("a"), Value: []byte(`{"key":"a","seq":2}`)},
	)
	r := runToEnd(t, e, consumer.HandlerFunc(e.echo))
	_, dl := oneDeadLetter(t, e)
	if dl.Reason != failure.InvalidJSON || dl.ValueB64 != nil || dl.ValueRef == nil || dl.ValueRef.Size != len(bad) {
		t.Errorf("dead letter: reason %q, inline value %v, pointer %+v; want invalid_json with a pointer to %d bytes", dl.Reason, dl.ValueB64 != nil, dl.ValueRef, len(bad))
	}
	if s := r.Stats(); s.DeadLettered != 1 || s.Published != 2 {
		t.Errorf("stats %+v", s)
	}
}

// runToEnd runs h until the group committed the input topic to its end
// offsets, stops it and returns it.
func runToEnd(t *testing.T, e *env, h consumer.Handler) *consumer.Runner {
	t.Helper()
	r := e.runner(t, h, nil)
	stop := start(t, r)
	waitCommittedToEnd(t, e, 60*time.Second)
	stop()
	return r
}

// oneDeadLetter reads the dead-letter topic, which must hold one record,
// and decodes its envelope.
func oneDeadLetter(t *testing.T, e *env) (kafka.Message, consumer.DeadLetter) {
	t.Helper()
	dead := e.b.ReadN(t, e.dlq, 1, 10*time.Second)
	if len(dead) != 1 {
		t.Fatalf("dlq records = %d, want 1", len(dead))
	}
	var dl consumer.DeadLetter
	if err := json.Unmarshal(dead[0].Value, &dl); err != nil {
		t.Fatal(err)
	}
	return dead[0], dl
}
