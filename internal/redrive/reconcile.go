package redrive

import (
	"context"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkaauth"
	"github.com/triage/triage/internal/replay"
)

// reconcile settles the open entries of runs that did not end cleanly: for
// each, it reads the topic the run wrote to, from the end offsets it
// recorded before writing up to the end now, takes every copy found (by its
// HeaderRedriveOf) as re-driven, and then removes the entry. With w nil (a
// dry run) it only updates l in memory. It returns the number of copies
// found that the ledger did not know. It blocks until every such topic is
// read (see replay.ReadRange for stalls).
func reconcile(ctx context.Context, c kafkaauth.Cluster, l *ledger, w Writer, stall time.Duration, now time.Time) (int, error) {
	found := 0
	for _, e := range l.opens() {
		ranges, err := replay.Resolve(ctx, c, replay.Window{Topics: []string{e.Topic}})
		if err != nil {
			return found, fmt.Errorf("redrive: reconcile run %s on %s: %w", e.Run, e.Topic, err)
		}
		copies := map[Coord]string{}
		for _, r := range ranges {
			if end, ok := e.Ends[r.Partition]; ok {
				r.Start = max(r.Start, end)
			}
			_, err := replay.ReadRange(ctx, c, r, 16<<20, stall, func(m kafka.Message) error {
				for _, h := range m.Headers {
					if at, ok := parseCoord(string(h.Value)); ok && h.Key == HeaderRedriveOf && !l.isDone(at) {
						copies[at] = m.Topic
					}
				}
				return nil
			})
			if err != nil {
				return found, fmt.Errorf("redrive: reconcile run %s on %s: %w", e.Run, e.Topic, err)
			}
		}
		if err := l.markDone(ctx, w, e.Run, now, copies); err != nil {
			return found, err
		}
		found += len(copies)
		if err := l.setOpen(ctx, w, e, true); err != nil {
			return found, err
		}
	}
	return found, nil
}
