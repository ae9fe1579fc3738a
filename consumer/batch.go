package consumer

import (
	"context"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkaauth"
)

// BatchWriter publishes through one asynchronous kafka-go Writer and still
// answers every WriteMessages call with its own result: the messages of all
// concurrent callers share batches (per output partition, flushed when
// full or after the linger), and the writer's Completion callback maps each
// acknowledged or failed batch back to the calls whose messages it carried
// (through Message.WriterData). A call returns once every one of its
// messages is acknowledged by all in-sync replicas, or with the first
// error among them, so the error classification of publish.go applies to
// each record as with a synchronous write.
//
// Messages of one call that go to one partition are sent in call order;
// the writer sends one batch per partition at a time and retries a batch
// before the next, so a caller that waits for one call before making the
// next (a key's records, see lanes) keeps its order on the partition.
//
// Safe for concurrent use. Close flushes what is queued, waits for its
// acknowledgements and fails later calls.
type BatchWriter struct {
	w *kafka.Writer
}

// NewBatchWriter is NewWriter's producer (acks=all, murmur2, linger
// batchTimeout, auth) made asynchronous behind per-call results.
func NewBatchWriter(brokers []string, batchTimeout time.Duration, auth *kafkaauth.Auth) *BatchWriter {
	return newBatchWriter(NewWriter(brokers, batchTimeout, auth))
}

// newBatchWriter takes w over: it sets w.Async and w.Completion, and
// puts topicMeta in front of its transport.
func newBatchWriter(w *kafka.Writer) *BatchWriter {
	w.Async = true
	w.Completion = complete
	w.Transport = newTopicMeta(w.Transport)
	return &BatchWriter{w: w}
}

// WriteMessages queues msgs and blocks until all of them are acknowledged,
// one of them failed, or ctx ends. Refusals kafka-go makes before sending
// (a message too large for a batch, an unknown topic, a closed writer) come
// back at once and nothing is sent. When ctx ends first the messages may
// still be written later (like kafka-go's synchronous WriteMessages): the
// caller must treat them as not acknowledged.
func (b *BatchWriter) WriteMessages(ctx context.Context, msgs ...kafka.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	c := calls.Get().(*call)
	c.left, c.err = len(msgs), nil
	tagged := c.one[:0] // the common single output: no slice of its own
	if len(msgs) > len(c.one) {
		tagged = make([]kafka.Message, 0, len(msgs))
	}
	for _, m := range msgs {
		m.WriterData = c
		tagged = append(tagged, m)
	}
	if err := b.w.WriteMessages(ctx, tagged...); err != nil {
		return err // c is not reused: a refusal is rare
	}
	select {
	case <-c.done:
		err := c.err
		c.one[0] = kafka.Message{} // nothing of the record kept
		calls.Put(c)               // every message settled: no batch holds c any more
		return err
	case <-ctx.Done():
		return ctx.Err() // c stays with the queued batches, never reused
	}
}

// calls are the calls of past WriteMessages whose messages all settled.
var calls = sync.Pool{New: func() any { return &call{done: make(chan struct{}, 1)} }}

// Close flushes and closes the writer, waiting for queued batches.
func (b *BatchWriter) Close() error { return b.w.Close() }

// Stats are the underlying writer's statistics since the last call.
func (b *BatchWriter) Stats() kafka.WriterStats { return b.w.Stats() }

// call is one WriteMessages call waiting for its messages' batches. done
// gets one value when the last message settles (the last thing settle
// does with the call), so that a settled call can serve the next write.
type call struct {
	mu   sync.Mutex
	left int              // messages not yet completed
	err  error            // first error
	done chan struct{}    // buffered (1)
	one  [1]kafka.Message // the tagged copy of a single message
}

// complete is the writer's Completion: it is called once per batch, from
// the writer's goroutines, with the batch's messages and error.
func complete(msgs []kafka.Message, err error) {
	for _, m := range msgs {
		if c, ok := m.WriterData.(*call); ok {
			c.settle(err)
		}
	}
}

func (c *call) settle(err error) {
	c.mu.Lock()
	if err != nil && c.err == nil {
		c.err = err
	}
	c.left--
	last := c.left == 0
	c.mu.Unlock()
	if last {
		c.done <- struct{}{} // never blocks: buffered, and the only send of this use
	}
}
