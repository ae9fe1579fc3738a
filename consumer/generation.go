package consumer

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/segmentio/kafka-go"
)

// generation is this member's part of one consumer-group generation: the
// partitions assigned to it, their key lanes and the committer. It lives
// from kafka-go handing out the generation until run returns, which
// kafka-go waits for before the member rejoins.
type generation struct {
	r      *Runner
	gen    *kafka.Generation
	runCtx context.Context // cancelled on shutdown
	parts  []*partition
	lanes  *lanes
	work   context.Context // handlers' context: cancelled when the budget is spent
	cancel context.CancelFunc
	nudge  chan struct{} // asks the committer to commit now
}

func (r *Runner) newGeneration(runCtx context.Context, gen *kafka.Generation) *generation {
	work, cancel := context.WithCancel(context.WithoutCancel(runCtx))
	g := &generation{r: r, gen: gen, runCtx: runCtx, lanes: newLanes(), work: work, cancel: cancel, nudge: make(chan struct{}, 1)}
	for topic, assigned := range gen.Assignments {
		for _, a := range assigned {
			g.parts = append(g.parts, r.newPartition(topicPartition{topic, a.ID}, a.Offset))
		}
	}
	sort.Slice(g.parts, func(i, j int) bool {
		a, b := g.parts[i].tp, g.parts[j].tp
		return a.topic < b.topic || a.topic == b.topic && a.partition < b.partition
	})
	g.shareFetches()
	r.cfg.Logger.Info("generation joined", "generation", gen.ID, "member", gen.MemberID, "partitions", g.names())
	return g
}

// shareFetches sets each partition's fetch size: at most FetchMaxBytes, and
// together at most half of MaxBufferedBytes, so that fetches in flight
// leave room for the records already held.
func (g *generation) shareFetches() {
	c := g.r.cfg
	n := max(len(g.parts), 1)
	per := min(c.FetchMaxBytes, max(c.MaxBufferedBytes/(2*n), 1))
	for _, p := range g.parts {
		p.fetchMax = per
	}
}

// run fetches and commits until the generation ends (ctx done: a rebalance,
// a lost heartbeat or shutdown), then winds it down: fetching stops,
// in-flight records get the revoke budget (ShutdownTimeout when shutting
// down) and are abandoned after it, every partition's fence closes so that
// nothing more is published, and the finished prefix is committed in this
// generation. kafka-go rejoins the group only after run returns.
func (g *generation) run(ctx context.Context) {
	done := make(chan struct{}, len(g.parts))
	for _, p := range g.parts {
		go func() {
			defer func() { done <- struct{}{} }()
			p.fetch(ctx, g)
		}()
	}
	g.commitLoop(ctx)
	// kafka-go stopped heartbeating when the generation ended; keep the
	// member's session alive while it drains, or a drain longer than the
	// session timeout gets it evicted, its final commit refused and its
	// rejoin starting yet another rebalance.
	stopBeat := g.keepAlive()
	for range g.parts {
		<-done
	}
	g.drain()
	g.finalCommit()
	stopBeat()
	for _, p := range g.parts {
		p.close()
	}
	g.r.health.left(g)
	g.r.cfg.Logger.Info("generation ended", "generation", g.gen.ID, "partitions", g.names(), "stats", g.r.Stats())
}

// keepAlive heartbeats for this generation's member every
// HeartbeatInterval until the returned stop is called (which waits for it).
// The coordinator answers REBALANCE_IN_PROGRESS and keeps the session: the
// member has until RebalanceTimeout to rejoin.
func (g *generation) keepAlive() (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	client := &kafka.Client{Addr: g.r.addr, Transport: g.r.transport, Timeout: g.r.cfg.HeartbeatInterval}
	go func() {
		defer close(done)
		t := time.NewTicker(g.r.cfg.HeartbeatInterval)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
			}
			ctx, cancel := context.WithTimeout(context.Background(), g.r.cfg.HeartbeatInterval)
			resp, err := client.Heartbeat(ctx, &kafka.HeartbeatRequest{GroupID: g.gen.GroupID, GenerationID: g.gen.ID, MemberID: g.gen.MemberID})
			cancel()
			if err == nil {
				err = resp.Error
			}
			if err != nil && !errors.Is(err, kafka.RebalanceInProgress) {
				g.r.cfg.Logger.Debug("heartbeat while draining", "generation", g.gen.ID, "err", err)
			}
		}
	}()
	return func() { close(quit); <-done }
}

// drain waits for in-flight records within the budget, then cancels the
// rest, closes every fence (waiting for writes already started) and ends
// the lanes' idle goroutines.
func (g *generation) drain() {
	budget := g.r.cfg.RevokeTimeout
	if g.runCtx.Err() != nil {
		budget = g.r.cfg.ShutdownTimeout
	}
	drained := make(chan struct{})
	go func() { g.lanes.wait(); close(drained) }()
	t := time.NewTimer(budget)
	defer t.Stop()
	select {
	case <-drained:
	case <-t.C:
		g.r.cfg.Logger.Warn("budget spent at the end of a generation, abandoning in-flight records (they are redelivered)",
			"generation", g.gen.ID, "in_flight", g.r.InFlight(), "budget", budget)
		g.stopWork()
		select {
		case <-drained:
		case <-time.After(5 * time.Second):
			g.r.cfg.Logger.Error("handlers ignore cancellation; their records are abandoned and cannot publish", "in_flight", g.r.InFlight())
		}
	}
	g.stopWork()
	g.lanes.close()
}

// stopWork cancels the handlers and closes every fence (waiting for writes
// already started). Idempotent.
func (g *generation) stopWork() {
	g.cancel()
	for _, p := range g.parts {
		p.fence.close()
	}
}

// commitLoop commits every CommitInterval, or at once when a partition's
// checkpoint window is a quarter full of finished records, until ctx is done.
func (g *generation) commitLoop(ctx context.Context) {
	t := time.NewTicker(g.r.cfg.CommitInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-g.nudge:
		}
		g.commit()
	}
}

// askCommit nudges the committer without blocking.
func (g *generation) askCommit() {
	select {
	case g.nudge <- struct{}{}:
	default:
	}
}

// commit commits, in this generation, every partition whose commit point
// moved. A failed commit is retried on the next call: nothing is lost, at
// worst more records are redelivered.
func (g *generation) commit() error {
	type point struct {
		p   *partition
		off int64
		n   int
	}
	var points []point
	offsets := map[string]map[int]int64{}
	for _, p := range g.parts {
		if off, n, ok := p.track.point(); ok {
			points = append(points, point{p, off, n})
			if offsets[p.tp.topic] == nil {
				offsets[p.tp.topic] = map[int]int64{}
			}
			offsets[p.tp.topic][p.tp.partition] = off
		}
	}
	if len(points) == 0 {
		return nil
	}
	err := g.gen.CommitOffsets(offsets)
	g.r.cfg.Observer.Committed(err)
	if err != nil {
		g.r.commitErrors.Add(1)
		g.r.cfg.Logger.Warn("commit failed, will retry", "generation", g.gen.ID, "err", err)
		return err
	}
	g.r.commits.Add(1)
	g.r.cfg.Logger.Debug("committed", "generation", g.gen.ID, "offsets", offsets)
	for _, pt := range points {
		pt.p.committed(pt.off, pt.n)
	}
	return nil
}

// finalCommit commits the finished prefix at the end of the generation,
// retrying briefly: the coordinator still accepts this generation's
// commits while the group waits for the member to rejoin.
func (g *generation) finalCommit() {
	b := newBackoff(50*time.Millisecond, time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := g.commit()
		if err == nil || fenced(err) || !time.Now().Before(deadline) {
			return
		}
		time.Sleep(b.next())
	}
}

// fenced reports whether the coordinator refused a commit because this
// member no longer belongs to the generation: retrying cannot succeed and
// the partitions' next owners start from the last accepted commit.
func fenced(err error) bool {
	return errors.Is(err, kafka.IllegalGeneration) || errors.Is(err, kafka.UnknownMemberId) ||
		errors.Is(err, kafka.RebalanceInProgress) || errors.Is(err, kafka.FencedInstanceID)
}

func (g *generation) names() []string {
	out := make([]string, len(g.parts))
	for i, p := range g.parts {
		out[i] = fmt.Sprintf("%s/%d", p.tp.topic, p.tp.partition)
	}
	return out
}
