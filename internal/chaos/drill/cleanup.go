package drill

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/chaos"
)

// deleteTopics deletes the drill's five topics, so that repeated drills do
// not pile up partitions a broker must load again on every restart (which
// slows the outage drill's resume). The report keeps what the checker read.
func (d *Drill) deleteTopics(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	client := &kafka.Client{Addr: kafka.TCP(d.Opt.Brokers...), Timeout: 30 * time.Second}
	var names []string
	for _, t := range d.Topics {
		names = append(names, t)
	}
	resp, err := client.DeleteTopics(ctx, &kafka.DeleteTopicsRequest{Topics: names})
	if err != nil {
		return fmt.Errorf("drill: delete topics: %w", err)
	}
	for name, e := range resp.Errors {
		if e != nil {
			return fmt.Errorf("drill: delete topic %s: %w", name, e)
		}
	}
	return nil
}

// waitCoordinator waits up to timeout until the broker answers an
// OffsetFetch (its group coordinator is loaded), so that a scenario does not
// start on a broker still recovering from the previous one's outage.
func waitCoordinator(ctx context.Context, brokers []string, timeout time.Duration) error {
	client := &kafka.Client{Addr: kafka.TCP(brokers...), Timeout: 5 * time.Second}
	deadline := time.Now().Add(timeout)
	for {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err := chaos.Committed(cctx, client, "chaos-probe", nil)
		cancel()
		if err == nil || errors.Is(err, kafka.GroupIdNotFound) { // answered: the group just does not exist
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("drill: the broker's group coordinator did not answer within %s: %w", timeout, err)
		}
		if err := Sleep(ctx, 500*time.Millisecond); err != nil {
			return err
		}
	}
}
