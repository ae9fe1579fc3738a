package consumer

import (
	"context"
	"time"

	"github.com/segmentio/kafka-go"
)

// commitLoop commits finished offsets every CommitInterval until ctx is done.
func (r *Runner) commitLoop(ctx context.Context, reader *kafka.Reader) {
	t := time.NewTicker(r.cfg.CommitInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.commit(ctx, reader)
		}
	}
}

// commit commits, per partition, the highest offset whose fetched
// predecessors are all finished. A failed commit is retried on the next
// call: nothing is lost, at worst more records are redelivered.
func (r *Runner) commit(ctx context.Context, reader *kafka.Reader) {
	msgs := r.tracker.commits()
	if len(msgs) == 0 {
		return
	}
	err := reader.CommitMessages(ctx, msgs...)
	r.cfg.Observer.Committed(err)
	if err != nil {
		r.commitErrors.Add(1)
		if ctx.Err() == nil {
			r.cfg.Logger.Warn("commit failed, will retry", "err", err)
		}
		return
	}
	r.tracker.committed(msgs)
	r.commits.Add(1)
}
