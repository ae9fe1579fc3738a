package consumer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
)

// health is what /readyz reports, refreshed by the lag loop.
type health struct {
	mu           sync.Mutex
	polledAt     time.Time // last successful lag poll
	pollErr      error
	members      int   // group members owning partitions
	lag          int64 // total lag over the input topics
	progressAt   time.Time
	lastFinished int64
}

// lagLoop polls, every LagInterval, the group's committed offsets and the
// partitions' end offsets, reports each partition's lag to the observer and
// refreshes readiness. It needs no group membership (kafka.Client).
func (r *Runner) lagLoop(ctx context.Context) {
	t := time.NewTicker(r.cfg.LagInterval)
	defer t.Stop()
	for {
		r.pollLag(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (r *Runner) pollLag(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	client := &kafka.Client{Addr: kafka.TCP(r.cfg.Brokers...), Timeout: 10 * time.Second}
	total, members, err := r.lagOnce(ctx, client)
	st := r.Stats()
	finished := st.Published + st.DeadLettered
	r.health.mu.Lock()
	defer r.health.mu.Unlock()
	now := time.Now()
	if finished != r.health.lastFinished || r.health.progressAt.IsZero() {
		r.health.lastFinished, r.health.progressAt = finished, now
	}
	r.health.pollErr = err
	if err == nil {
		r.health.polledAt, r.health.lag, r.health.members = now, total, members
	}
}

func (r *Runner) lagOnce(ctx context.Context, client *kafka.Client) (total int64, members int, err error) {
	md, err := client.Metadata(ctx, &kafka.MetadataRequest{Topics: r.cfg.Topics})
	if err != nil {
		return 0, 0, err
	}
	parts := map[string][]int{}
	ends := &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{}}
	for _, t := range md.Topics {
		for _, p := range t.Partitions {
			parts[t.Name] = append(parts[t.Name], p.ID)
			ends.Topics[t.Name] = append(ends.Topics[t.Name], kafka.LastOffsetOf(p.ID))
		}
	}
	committed, err := client.OffsetFetch(ctx, &kafka.OffsetFetchRequest{GroupID: r.cfg.GroupID, Topics: parts})
	if err != nil {
		return 0, 0, err
	}
	end, err := client.ListOffsets(ctx, ends)
	if err != nil {
		return 0, 0, err
	}
	got := map[topicPartition]int64{}
	for topic, ps := range committed.Topics {
		for _, p := range ps {
			got[topicPartition{topic, p.Partition}] = p.CommittedOffset
		}
	}
	for topic, ps := range end.Topics {
		for _, p := range ps {
			c := got[topicPartition{topic, p.Partition}]
			if c < 0 {
				c = 0 // nothing committed yet: everything is lag (start offset earliest)
			}
			lag := max(p.LastOffset-c, 0)
			total += lag
			r.cfg.Observer.Lag(topic, p.Partition, lag)
		}
	}
	groups, err := client.DescribeGroups(ctx, &kafka.DescribeGroupsRequest{GroupIDs: []string{r.cfg.GroupID}})
	if err == nil && len(groups.Groups) == 1 {
		for _, m := range groups.Groups[0].Members {
			if len(m.MemberAssignments.Topics) > 0 {
				members++
			}
		}
	}
	return total, members, nil
}

// Ready reports why the runner is not ready, or nil: the brokers answered
// the last lag poll recently, the group has members owning partitions, and
// the runner is not stalled (lag without progress for StallTimeout).
func (r *Runner) Ready() error {
	r.health.mu.Lock()
	defer r.health.mu.Unlock()
	h := &r.health
	switch {
	case h.polledAt.IsZero() && h.pollErr == nil:
		return errors.New("starting: brokers not polled yet")
	case time.Since(h.polledAt) > 3*r.cfg.LagInterval:
		return fmt.Errorf("brokers not answering: %v", h.pollErr)
	case h.members == 0:
		return errors.New("no partitions assigned in the group yet")
	case h.lag > 0 && time.Since(h.progressAt) > r.cfg.StallTimeout:
		return fmt.Errorf("stalled: lag %d and no record finished for %s", h.lag, time.Since(h.progressAt).Round(time.Second))
	}
	return nil
}
