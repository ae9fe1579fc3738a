package consumer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
)

// health is what /readyz reports about this instance: its group
// membership, whether the brokers answer, and whether any partition it
// owns is stuck. Other instances' partitions never count.
type health struct {
	mu            sync.Mutex
	gen           *generation // current generation; nil between generations
	joinedOnce    bool
	groupErr      error // last failure to join, cleared by a join
	groupErrSince time.Time
	pollErr       error
	stalls        []string
}

// joined records a new generation. Joining proves the brokers answer, so
// an earlier failed probe no longer counts.
func (h *health) joined(g *generation) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.gen, h.joinedOnce, h.groupErr, h.groupErrSince = g, true, nil, time.Time{}
	h.pollErr = nil
}

func (h *health) left(g *generation) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.gen == g {
		h.gen = nil
	}
}

// groupFailed records a failure to join. kafka-go also reports routine
// "rebalance in progress" answers, which are not failures.
func (h *health) groupFailed(err error) {
	if errors.Is(err, kafka.RebalanceInProgress) {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.groupErr = err
	if h.groupErrSince.IsZero() {
		h.groupErrSince = time.Now()
	}
}

func (h *health) owned() []*partition {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.gen == nil {
		return nil
	}
	return h.gen.parts
}

// lagLoop polls, every LagInterval (every second while the brokers do not
// answer), the end offsets of the partitions this instance owns, reports each one's lag (end minus committed) and stall to
// the observer and refreshes readiness. It returns when ctx is done.
func (r *Runner) lagLoop(ctx context.Context) {
	for {
		// While the brokers do not answer, probe every second, so that
		// readiness comes back soon after they do.
		next := r.cfg.LagInterval
		if r.pollLag(ctx) != nil {
			next = min(next, time.Second)
		}
		if !sleep(ctx, next) {
			return
		}
	}
}

func (r *Runner) pollLag(ctx context.Context) error {
	// A fixed probe timeout, not tied to the interval: a loaded machine or a
	// far broker must not read as "brokers not answering".
	const wait = 5 * time.Second
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	parts := r.health.owned()
	ends, err := r.endOffsets(ctx, parts, wait)
	if errors.Is(err, context.Canceled) {
		return nil // shutting down
	}
	now := time.Now()
	var stalls []string
	for _, p := range parts {
		committed, waiting, moves := p.track.state()
		if end, ok := ends[p.tp]; ok {
			r.cfg.Observer.Lag(p.tp.topic, p.tp.partition, max(end-max(committed, 0), 0))
		}
		if moves != p.moves || !waiting {
			p.moves, p.movedAt = moves, now
		}
		stalled := waiting && now.Sub(p.movedAt) > r.cfg.StallTimeout
		if stalled {
			stalls = append(stalls, fmt.Sprintf("%s/%d stuck at offset %d for %s", p.tp.topic, p.tp.partition, committed, now.Sub(p.movedAt).Round(time.Second)))
		}
		if stalled != p.stalled {
			p.stalled = stalled
			r.cfg.Observer.Stalled(p.tp.topic, p.tp.partition, stalled)
			if stalled {
				r.cfg.Logger.Error("partition cannot move: fetched records are not finishing or not committing (see publish and commit warnings)",
					"topic", p.tp.topic, "partition", p.tp.partition, "offset", committed, "for", now.Sub(p.movedAt).Round(time.Second))
			} else {
				r.cfg.Logger.Info("partition moves again", "topic", p.tp.topic, "partition", p.tp.partition, "offset", committed)
			}
		}
	}
	r.health.mu.Lock()
	defer r.health.mu.Unlock()
	r.health.pollErr, r.health.stalls = err, stalls
	return err
}

// endOffsets lists the end offsets of parts; with no partitions it only
// checks that the brokers answer.
func (r *Runner) endOffsets(ctx context.Context, parts []*partition, timeout time.Duration) (map[topicPartition]int64, error) {
	client := &kafka.Client{Addr: r.addr, Transport: r.transport, Timeout: timeout}
	if len(parts) == 0 {
		// Not Metadata: kafka-go's Transport answers that from its cache
		// while the brokers are down.
		_, err := client.ApiVersions(ctx, &kafka.ApiVersionsRequest{})
		return nil, err
	}
	req := &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{}}
	for _, p := range parts {
		req.Topics[p.tp.topic] = append(req.Topics[p.tp.topic], kafka.LastOffsetOf(p.tp.partition))
	}
	resp, err := client.ListOffsets(ctx, req)
	if err != nil {
		return nil, err
	}
	out := map[topicPartition]int64{}
	for topic, ps := range resp.Topics {
		for _, p := range ps {
			if p.Error != nil {
				return nil, fmt.Errorf("end offset of %s/%d: %w", topic, p.Partition, p.Error)
			}
			out[topicPartition{topic, p.Partition}] = p.LastOffset
		}
	}
	return out, nil
}

// Ready reports why this instance is not ready, or nil: it has joined the
// consumer group (an instance with no partitions, a standby, is ready), it
// is in a generation or its last attempt to rejoin did not fail, the
// brokers answered the last probe, and no partition it owns has had
// fetched records without a commit for StallTimeout.
func (r *Runner) Ready() error {
	r.health.mu.Lock()
	defer r.health.mu.Unlock()
	h := &r.health
	switch {
	case !h.joinedOnce && h.groupErr != nil:
		return fmt.Errorf("not in the consumer group yet: %v", h.groupErr)
	case !h.joinedOnce:
		return errors.New("starting: joining the consumer group")
	case h.gen == nil && h.groupErr != nil:
		return fmt.Errorf("cannot rejoin the consumer group for %s: %v", time.Since(h.groupErrSince).Round(time.Second), h.groupErr)
	case h.pollErr != nil:
		return fmt.Errorf("brokers not answering: %v", h.pollErr)
	case len(h.stalls) > 0:
		return fmt.Errorf("stalled: %s", strings.Join(h.stalls, "; "))
	}
	return nil
}
