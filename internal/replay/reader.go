package replay

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/triage/triage/internal/kafkaauth"

	"github.com/triage/triage/consumer"
)

// DefaultStallTimeout is how long a partition's read position may stand
// still before a replay gives up on it ("triage replay --stall-timeout").
// It should exceed the producers' transaction timeout when a range may end
// inside an open transaction.
const DefaultStallTimeout = 60 * time.Second

// ErrStalled is the error of a range whose read position did not move for
// the stall bound before it reached the range's end.
var ErrStalled = errors.New("replay: partition stalled before its end offset")

// readRange reads r in offset order without a consumer group (nothing is
// committed anywhere), with read_committed isolation, and calls fn for each
// record. It returns the next offset not yet handled: r.End when the range
// is done, or the offset of the record fn failed on (fn's error is
// returned) or was cancelled before.
//
// The range is done only when the read position reaches r.End. The position
// moves past each record handed to fn and past offsets that hold nothing to
// replay: transaction markers, records of aborted transactions, offsets
// compacted away between batches. When it does not move for stall (the
// broker is down, End lies beyond the log, a transaction stays open)
// readRange gives up with an error wrapping ErrStalled that names the
// position; the time fn takes does not count. Records deleted by retention
// before they were read fail the range at once. It blocks until the range
// is done or failed, fn fails or ctx is cancelled.
func readRange(ctx context.Context, c kafkaauth.Cluster, r Range, maxBytes int, stall time.Duration, fn func(kafka.Message) error) (int64, error) {
	pos := r.Start
	if r.Len() == 0 {
		return r.End, nil
	}
	tr := c.Auth.Transport()
	defer tr.CloseIdleConnections()
	moved := time.Now()
	for pause := time.Duration(0); pos < r.End; {
		f, err := consumer.FetchPartition(ctx, tr, kafka.TCP(c.Brokers...), r.Topic, r.Partition, pos, maxBytes)
		if ctx.Err() != nil {
			return pos, ctx.Err()
		}
		recs, next := f.Records, f.Next
		for _, m := range recs {
			if m.Offset >= r.End {
				return r.End, nil
			}
			if err := fn(m); err != nil {
				return m.Offset, err
			}
			pos, moved = m.Offset+1, time.Now()
		}
		if next > pos {
			pos, moved = min(next, r.End), time.Now()
		}
		switch {
		case pos >= r.End:
		case errors.Is(err, kafka.OffsetOutOfRange) && f.LogStart > pos:
			return pos, fmt.Errorf("replay: %s/%d offsets [%d, %d) were deleted (retention) before they were replayed: %w", r.Topic, r.Partition, pos, f.LogStart, err)
		case time.Since(moved) > stall:
			if err == nil {
				err = errors.New("no record and no marker readable at this offset")
			}
			return pos, fmt.Errorf("%w: %s/%d at offset %d of [%d, %d), no progress for %s: %v", ErrStalled, r.Topic, r.Partition, pos, r.Start, r.End, stall, err)
		case err != nil || len(recs) == 0 && next == pos:
			pause = min(max(2*pause, 50*time.Millisecond), time.Second, stall/4)
			if !sleep(ctx, pause) {
				return pos, ctx.Err()
			}
		default:
			pause = 0
		}
	}
	return pos, nil
}

// sleep waits d or until ctx is done; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
