package consumer

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkaauth"
)

// followRetry is the pause after a failed read of a followed partition.
const followRetry = 2 * time.Second

// Follow reads every partition of topic from its first offset and keeps
// following it, calling fn for each record: one goroutine per partition,
// so fn is called concurrently across partitions and in offset order
// within one. caughtUp, when not nil, is called once, when every partition
// has been read up to the end offset it had when Follow started (at once
// for an empty topic): a reader that needs everything written before it
// started waits for it. Follow joins no group and commits nothing.
//
// It blocks until ctx is cancelled (then it returns nil once every
// partition's reader has stopped) or fails at once, naming the topic, when
// its partitions or end offsets cannot be listed. A partition whose reads
// fail is retried after a pause, logged.
func Follow(ctx context.Context, c kafkaauth.Cluster, topic string, fn func(kafka.Message), caughtUp func(), log *slog.Logger) error {
	ends, err := EndOffsets(ctx, c, topic)
	if err != nil {
		return err
	}
	var (
		mu      sync.Mutex
		pending = len(ends)
	)
	reached := func() {
		mu.Lock()
		defer mu.Unlock()
		if pending--; pending == 0 && caughtUp != nil {
			caughtUp()
		}
	}
	if pending == 0 && caughtUp != nil {
		caughtUp()
	}
	d := c.Auth.Dialer(10 * time.Second)
	var wg sync.WaitGroup
	for p, end := range ends {
		wg.Go(func() { followPartition(ctx, d, c.Brokers, topic, p, end, fn, reached, log) })
	}
	wg.Wait()
	return nil
}

// EndOffsets returns the end offset (the next offset to be written) of
// every partition of topic.
func EndOffsets(ctx context.Context, c kafkaauth.Cluster, topic string) (map[int]int64, error) {
	offs, err := c.Offsets(ctx, topic)
	if err != nil {
		return nil, fmt.Errorf("consumer: end offsets of %s (check the topic exists and the brokers answer): %w", topic, err)
	}
	ends := map[int]int64{}
	for p, b := range offs[topic] {
		ends[p] = b.End
	}
	return ends, nil
}

// followPartition reads one partition until ctx is cancelled, calling
// reached once the record before end has been handed to fn (at once when
// end is 0).
func followPartition(ctx context.Context, d *kafka.Dialer, brokers []string, topic string, partition int, end int64, fn func(kafka.Message), reached func(), log *slog.Logger) {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, Topic: topic, Partition: partition, Dialer: d,
		MaxBytes: 16 << 20, MaxWait: 500 * time.Millisecond})
	defer r.Close()
	_ = r.SetOffset(kafka.FirstOffset)
	done := end <= 0
	if done {
		reached()
	}
	for {
		m, err := r.ReadMessage(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			log.Warn("consumer: read of a followed topic failed, retrying", "topic", topic, "partition", partition, "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(followRetry):
			}
			continue
		}
		fn(m)
		if !done && m.Offset+1 >= end {
			done = true
			reached()
		}
	}
}
