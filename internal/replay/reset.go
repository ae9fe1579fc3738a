package replay

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/triage/triage/internal/kafkaauth"
)

// ResetTo says where ResetOffsets moves a group: exactly one of Earliest,
// Time (first offset at or after it; the end when none) and Offset (>= 0,
// clamped into each partition's first..end).
type ResetTo struct {
	Earliest bool
	Time     time.Time
	Offset   int64 // -1: unset
}

// OffsetChange is one partition's committed offset before and after.
type OffsetChange struct {
	Partition int
	Old, New  int64 // Old -1: nothing committed
}

// ErrGroupActive means the group has members; resetting under them would
// be overwritten by their next commit (or skip records they are working on).
var ErrGroupActive = errors.New("group is active")

// ResetOffsets computes new committed offsets of group on topic and, when
// execute, commits them. It refuses with ErrGroupActive when the group has
// members or is not Empty/Dead: stop every triage instance of the group
// first. It blocks for a few broker round trips.
func ResetOffsets(ctx context.Context, c kafkaauth.Cluster, group, topic string, to ResetTo, execute bool) ([]OffsetChange, error) {
	client := c.Client(10 * time.Second)
	if err := checkInactive(ctx, client, group); err != nil {
		return nil, err
	}
	parts, err := partitions(ctx, c, topic)
	if err != nil {
		return nil, err
	}
	var cur *kafka.OffsetFetchResponse
	err = retryCoordinator(ctx, func() error {
		var err error
		if cur, err = client.OffsetFetch(ctx, &kafka.OffsetFetchRequest{GroupID: group, Topics: map[string][]int{topic: parts}}); err == nil {
			err = cur.Error
		}
		if errors.Is(err, kafka.GroupIdNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("offsets: fetch committed offsets of group %s: %w", group, err)
	}
	old := map[int]int64{}
	switch {
	case errors.Is(cur.Error, kafka.GroupIdNotFound): // a new group: nothing committed
	case cur.Error != nil:
		return nil, fmt.Errorf("offsets: fetch committed offsets of group %s: %w", group, cur.Error)
	default:
		for _, p := range cur.Topics[topic] {
			old[p.Partition] = p.CommittedOffset
		}
	}
	var changes []OffsetChange
	commit := map[string][]kafka.OffsetCommit{}
	for _, p := range parts {
		w := Window{Topics: []string{topic}}
		if !to.Time.IsZero() {
			w.From = to.Time
		}
		r, err := resolveOne(ctx, c, topic, p, w, 0, false)
		if err != nil {
			return nil, err
		}
		n := r.Start // earliest, or first offset at or after Time
		if to.Offset >= 0 && !to.Earliest && to.Time.IsZero() {
			n = min(max(to.Offset, r.Start), r.End)
		}
		o, ok := old[p]
		if !ok {
			o = -1
		}
		changes = append(changes, OffsetChange{Partition: p, Old: o, New: n})
		commit[topic] = append(commit[topic], kafka.OffsetCommit{Partition: p, Offset: n})
	}
	if !execute {
		return changes, nil
	}
	if err := checkInactive(ctx, client, group); err != nil { // a member may have joined meanwhile
		return nil, err
	}
	err = retryCoordinator(ctx, func() error {
		resp, err := client.OffsetCommit(ctx, &kafka.OffsetCommitRequest{GroupID: group, GenerationID: -1, Topics: commit})
		if err != nil {
			return err
		}
		for _, ps := range resp.Topics {
			for _, p := range ps {
				if p.Error != nil {
					return fmt.Errorf("%s/%d refused (did an instance start?): %w", topic, p.Partition, p.Error)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("offsets: commit to group %s: %w", group, err)
	}
	return changes, nil
}

// retryCoordinator calls fn until it succeeds, fails with an error that is
// not a temporary coordinator error (the group coordinator is being
// elected or loaded, as on a fresh cluster), or 15s passed.
func retryCoordinator(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(15 * time.Second)
	for {
		err := fn()
		var ke kafka.Error
		if err == nil || !errors.As(err, &ke) || !ke.Temporary() || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func checkInactive(ctx context.Context, client *kafka.Client, group string) error {
	var resp *kafka.DescribeGroupsResponse
	err := retryCoordinator(ctx, func() error {
		var err error
		if resp, err = client.DescribeGroups(ctx, &kafka.DescribeGroupsRequest{GroupIDs: []string{group}}); err == nil {
			for _, g := range resp.Groups {
				if g.Error != nil && !errors.Is(g.Error, kafka.GroupIdNotFound) {
					return g.Error
				}
			}
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("offsets: describe group %s: %w", group, err)
	}
	for _, g := range resp.Groups {
		if g.Error != nil { // GroupIdNotFound: a new group
			continue
		}
		if len(g.Members) > 0 || (g.GroupState != "Empty" && g.GroupState != "Dead" && g.GroupState != "") {
			return fmt.Errorf("offsets: %w: %s is %s with %d members; stop every instance of the group (triage run with kafka.group_id=%s) and retry", ErrGroupActive, group, g.GroupState, len(g.Members), group)
		}
	}
	return nil
}

// PrintChanges writes one line per partition: old → new committed offset.
func PrintChanges(w io.Writer, group, topic string, changes []OffsetChange, executed bool) {
	for _, c := range changes {
		old := fmt.Sprint(c.Old)
		if c.Old < 0 {
			old = "none"
		}
		fmt.Fprintf(w, "%s %s/%d: %s → %d\n", group, topic, c.Partition, old, c.New)
	}
	if executed {
		fmt.Fprintf(w, "committed %d offsets for group %s\n", len(changes), group)
	} else {
		fmt.Fprintln(w, "dry run: nothing committed; add --execute to commit these offsets")
	}
}
