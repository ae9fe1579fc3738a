package consumer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkatest"
)

// TestBatchWriterSharesBatchesAnswersEachCall: 64 concurrent calls of 3
// outputs each all return once acknowledged, every output is on the topic,
// and the producer sent them in fewer produce requests than there were
// calls (a synchronous write per record would send at least one each).
func TestBatchWriterSharesBatchesAnswersEachCall(t *testing.T) {
	b := kafkatest.Start(t)
	topic := b.Topic(t, "batch.out", 2)
	w := newBatchWriter(NewWriter(b.Addrs, 5*time.Millisecond, b.Auth))
	var wg sync.WaitGroup
	const calls = 64
	for i := range calls {
		wg.Go(func() {
			var msgs []kafka.Message
			for j := range 3 {
				msgs = append(msgs, kafka.Message{Topic: topic, Key: fmt.Appendf(nil, "k%d", i), Value: fmt.Appendf(nil, "%d-%d", i, j)})
			}
			if err := w.WriteMessages(context.Background(), msgs...); err != nil {
				t.Errorf("call %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	writes := w.Stats().Writes
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := b.ReadAll(t, topic); len(got) != 3*calls {
		t.Fatalf("%d outputs on the topic, want %d", len(got), 3*calls)
	}
	if writes >= calls {
		t.Errorf("%d produce requests for %d calls: batches not shared", writes, calls)
	}
	t.Logf("%d calls, %d produce requests", calls, writes)
}

// TestCompletionAnswersEachCallWithItsBatches: a call whose messages went
// into two batches gets the failed batch's error; a call entirely in the
// acknowledged batch gets nil; neither returns before all its batches
// completed.
func TestCompletionAnswersEachCallWithItsBatches(t *testing.T) {
	a := &call{left: 2, done: make(chan struct{}, 1)}
	b := &call{left: 1, done: make(chan struct{}, 1)}
	refused := errors.New("refused")
	complete([]kafka.Message{{WriterData: a}, {WriterData: b}}, nil)
	select {
	case <-a.done:
		t.Fatal("call answered with one of its two messages completed")
	default:
	}
	<-b.done
	if b.err != nil {
		t.Errorf("acknowledged call got %v", b.err)
	}
	complete([]kafka.Message{{WriterData: a}}, refused)
	<-a.done
	if !errors.Is(a.err, refused) {
		t.Errorf("call with a failed batch got %v, want %v", a.err, refused)
	}
}

// TestBatchWriterRefusalsComeBackAtOnce: what kafka-go refuses before
// sending (here a message larger than a batch) is the call's error, so
// publish.go classifies it as before (too large: dead-lettered).
func TestBatchWriterRefusalsComeBackAtOnce(t *testing.T) {
	b := kafkatest.Start(t)
	topic := b.Topic(t, "batch.big", 1)
	w := newBatchWriter(NewWriter(b.Addrs, 5*time.Millisecond, b.Auth))
	defer w.Close()
	err := w.WriteMessages(context.Background(), kafka.Message{Topic: topic, Value: make([]byte, 2<<20)})
	if !tooLarge(err) {
		t.Fatalf("got %v, want a message-too-large error", err)
	}
}

// TestWriterBatchStaysSmall: kafka-go gives every batch a message slice of
// BatchSize entries at once, however few messages it ends up carrying; the
// producer's BatchSize keeps that slice a small allocation (at most 32 KB,
// Go's large-object threshold), where 500 made 76 KB per batch (3 KB per
// record at the bench's ~25 records a batch), and still batches more
// records than one linger collects at the measured rates.
func TestWriterBatchStaysSmall(t *testing.T) {
	w := NewWriter([]string{"127.0.0.1:1"}, 5*time.Millisecond, nil)
	if n := w.BatchSize * int(unsafe.Sizeof(kafka.Message{})); n > 32<<10 || w.BatchSize < 100 {
		t.Fatalf("BatchSize %d: %d bytes of messages per batch, want at most 32 KB and at least 100 messages", w.BatchSize, n)
	}
}

// TestBatchWriterReusesSettledCalls: single-output writes, one after
// another from several goroutines (settled calls serve later writes), a
// refused one among them, each answered with its own result and every
// acknowledged output on the topic.
func TestBatchWriterReusesSettledCalls(t *testing.T) {
	b := kafkatest.Start(t)
	topic := b.Topic(t, "reuse.out", 2)
	w := newBatchWriter(NewWriter(b.Addrs, time.Millisecond, b.Auth))
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				m := kafka.Message{Topic: topic, Key: fmt.Appendf(nil, "k%d", g), Value: fmt.Appendf(nil, "%d-%d", g, i)}
				if err := w.WriteMessages(context.Background(), m); err != nil {
					t.Errorf("write %d-%d: %v", g, i, err)
				}
				if g == 0 && i == 25 {
					huge := kafka.Message{Topic: topic, Value: make([]byte, 2<<20)}
					if err := w.WriteMessages(context.Background(), huge); err == nil {
						t.Error("a message larger than a batch was accepted")
					}
				}
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := b.ReadAll(t, topic); len(got) != 200 {
		t.Fatalf("%d outputs on the topic, want 200", len(got))
	}
}
