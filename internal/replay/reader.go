package replay

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"
)

// readRange reads r in offset order without a consumer group (nothing is
// committed anywhere) and calls fn for each record. It returns the next
// offset not yet handled: r.End when the range is done, or the offset of the
// record fn failed on (fn's error is returned) or was cancelled before.
//
// It blocks until the range is done, fn fails or ctx is cancelled. When no
// record arrives for idle although offsets remain (transaction markers,
// aborted or compacted records have offsets but no record), the range is
// done: those offsets hold nothing to replay.
func readRange(ctx context.Context, brokers []string, r Range, maxBytes int, idle time.Duration, fn func(kafka.Message) error) (int64, error) {
	next := r.Start
	if r.Len() == 0 {
		return r.End, nil
	}
	rd := kafka.NewReader(kafka.ReaderConfig{
		Brokers: brokers, Topic: r.Topic, Partition: r.Partition,
		MinBytes: 1, MaxBytes: maxBytes, MaxWait: 250 * time.Millisecond,
		IsolationLevel: kafka.ReadCommitted,
	})
	defer rd.Close()
	if err := rd.SetOffset(r.Start); err != nil {
		return next, fmt.Errorf("replay: seek %s/%d to %d: %w", r.Topic, r.Partition, r.Start, err)
	}
	for next < r.End {
		fctx, cancel := context.WithTimeout(ctx, idle)
		m, err := rd.FetchMessage(fctx)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return next, ctx.Err()
			}
			if errors.Is(err, context.DeadlineExceeded) {
				return r.End, nil // nothing readable left below End
			}
			return next, fmt.Errorf("replay: read %s/%d at %d: %w", r.Topic, r.Partition, next, err)
		}
		if m.Offset >= r.End {
			return r.End, nil
		}
		if err := fn(m); err != nil {
			return m.Offset, err
		}
		next = m.Offset + 1
	}
	return next, nil
}
