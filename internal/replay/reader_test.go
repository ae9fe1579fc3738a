package replay

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/kafkatest"
)

func plain(topic string, values ...string) []kafka.Message {
	var out []kafka.Message
	for _, v := range values {
		out = append(out, kafka.Message{Topic: topic, Partition: 0, Value: []byte(v)})
	}
	return out
}

// wholeRange is partition 0 of topic from its first to its end offset now.
func wholeRange(t *testing.T, addrs []string, topic string) Range {
	t.Helper()
	rs, err := Resolve(context.Background(), kafkatest.ClusterOf(addrs), Window{Topics: []string{topic}})
	if err != nil || len(rs) != 1 {
		t.Fatalf("ranges %v: %v", rs, err)
	}
	return rs[0]
}

// read runs readRange over r and returns the values handed to fn.
func read(t *testing.T, addrs []string, r Range, stall time.Duration) ([]string, int64, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var got []string
	next, err := readRange(ctx, kafkatest.ClusterOf(addrs), r, 1<<20, stall, func(m kafka.Message) error {
		got = append(got, string(m.Value))
		return nil
	})
	return got, next, err
}

// A range whose last offset is a transaction's commit marker completes,
// with every committed record replayed and the marker not handed over as a
// record (kafka-go's Reader returns it as one).
func TestIntegrationReadRangeEndsAtCommitMarker(t *testing.T) {
	b := kafkatest.Start(t)
	topic := b.Topic(t, "rr.commit", 1)
	b.Produce(t, plain(topic, "p1", "p2")...)
	kafkatest.ProduceTx(t, kafkatest.TxProducer(t, b.Addrs), topic, "", true, "t1", "t2", "t3")
	r := wholeRange(t, b.Addrs, topic)
	got, next, err := read(t, b.Addrs, r, time.Minute)
	if err != nil || next != r.End {
		t.Fatalf("next %d err %v, want the end %d", next, err, r.End)
	}
	if want := []string{"p1", "p2", "t1", "t2", "t3"}; !slices.Equal(got, want) {
		t.Errorf("replayed %q, want %q", got, want)
	}
}

// Records of aborted transactions are not replayed, and a range ending in
// an abort marker completes.
func TestIntegrationReadRangeSkipsAbortedTransactions(t *testing.T) {
	b := kafkatest.Start(t)
	topic := b.Topic(t, "rr.abort", 1)
	cl := kafkatest.TxProducer(t, b.Addrs)
	b.Produce(t, plain(topic, "p1")...)
	kafkatest.ProduceTx(t, cl, topic, "", false, "x1", "x2")
	kafkatest.ProduceTx(t, cl, topic, "", true, "c1")
	b.Produce(t, plain(topic, "p2")...)
	kafkatest.ProduceTx(t, cl, topic, "", false, "y1")
	r := wholeRange(t, b.Addrs, topic)
	got, next, err := read(t, b.Addrs, r, time.Minute)
	if err != nil || next != r.End {
		t.Fatalf("next %d err %v, want the end %d", next, err, r.End)
	}
	if want := []string{"p1", "c1", "p2"}; !slices.Equal(got, want) {
		t.Errorf("replayed %q, want %q", got, want)
	}
}

// A range whose end cannot be reached fails with ErrStalled once the read
// position has not moved for the stall bound: an end beyond the log, and a
// broker that stops serving.
func TestIntegrationReadRangeFailsWhenEndUnreachable(t *testing.T) {
	b := kafkatest.Start(t)
	topic := b.Topic(t, "rr.short", 1)
	b.Produce(t, plain(topic, "p1", "p2")...)
	r := wholeRange(t, b.Addrs, topic)
	beyond := r
	beyond.End += 3
	got, next, err := read(t, b.Addrs, beyond, 300*time.Millisecond)
	if !errors.Is(err, ErrStalled) || next != r.End || len(got) != 2 {
		t.Errorf("end beyond the log: next %d, %d records, err %v; want ErrStalled at %d after 2", next, len(got), err, r.End)
	}

	c, err := kafkatest.NewFake()
	if err != nil {
		t.Fatal(err)
	}
	addrs := c.ListenAddrs()
	down := "rr.down"
	if err := kafkatest.CreateTopics(context.Background(), addrs, 1, down); err != nil {
		t.Fatal(err)
	}
	if err := kafkatest.Produce(context.Background(), addrs, plain(down, "p1", "p2")...); err != nil {
		t.Fatal(err)
	}
	r = wholeRange(t, addrs, down)
	c.Close()
	got, next, err = read(t, addrs, r, 300*time.Millisecond)
	if !errors.Is(err, ErrStalled) || next != r.Start || len(got) != 0 {
		t.Errorf("broker down: next %d, %d records, err %v; want ErrStalled at %d", next, len(got), err, r.Start)
	}
}

// The old reader declared a partition done after 10 s without a record. A
// producer that pauses longer than that before the last records of the
// range now has them all replayed (Run with the default stall timeout).
func TestIntegrationReplayWaitsForSlowProducer(t *testing.T) {
	if testing.Short() {
		t.Skip("pauses 11 s")
	}
	t.Parallel()
	b := kafkatest.Start(t)
	topic := b.Topic(t, "rr.slow", 1)
	b.Produce(t, plain(topic, "p1", "p2")...)
	r := wholeRange(t, b.Addrs, topic)
	r.End += 2 // the last two records are still to come
	var mu sync.Mutex
	var got []string
	h := consumer.HandlerFunc(func(_ context.Context, m kafka.Message) ([]kafka.Message, error) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, string(m.Value))
		return nil, nil
	})
	done := make(chan *Result, 1)
	go func() {
		res, err := Run(context.Background(), Config{Brokers: b.Addrs, Auth: b.Auth, Ranges: []Range{r}, Handler: h, DryRun: true}, nil)
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("first records not replayed: %q", got)
		}
	}
	time.Sleep(11 * time.Second) // the producer pauses longer than the old idle window
	b.Produce(t, plain(topic, "p3", "p4")...)
	var res *Result
	select {
	case res = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("replay not done after the last records arrived")
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"p1", "p2", "p3", "p4"}; !slices.Equal(got, want) || res == nil || res.Failed() || res.Ranges[0].Next != r.End {
		t.Errorf("replayed %q (result %+v), want %q and the range done", got, res, want)
	}
}
