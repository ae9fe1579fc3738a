package consumer_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
)

// offsetWatch samples the group's committed offsets until stopped and
// remembers every regression: an offset lower than one seen before.
type offsetWatch struct {
	mu          sync.Mutex
	high, low   map[int]int64 // highest seen; last regression reported
	regressions []string
	stop        chan struct{}
	done        chan struct{}
}

func watchOffsets(t *testing.T, e *env) *offsetWatch {
	w := &offsetWatch{high: map[int]int64{}, low: map[int]int64{}, stop: make(chan struct{}), done: make(chan struct{})}
	client := e.b.Cluster().Client(10 * time.Second)
	parts := make([]int, e.partitions)
	for i := range parts {
		parts[i] = i
	}
	go func() {
		defer close(w.done)
		for {
			select {
			case <-w.stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
			resp, err := client.OffsetFetch(context.Background(), &kafka.OffsetFetchRequest{GroupID: e.group, Topics: map[string][]int{e.in: parts}})
			if err != nil {
				continue
			}
			w.mu.Lock()
			for _, p := range resp.Topics[e.in] {
				if p.CommittedOffset < 0 {
					continue
				}
				if p.CommittedOffset < w.high[p.Partition] && p.CommittedOffset != w.low[p.Partition] {
					w.low[p.Partition] = p.CommittedOffset
					w.regressions = append(w.regressions, fmt.Sprintf("partition %d: %d -> %d", p.Partition, w.high[p.Partition], p.CommittedOffset))
				}
				w.high[p.Partition] = max(w.high[p.Partition], p.CommittedOffset)
			}
			w.mu.Unlock()
		}
	}()
	t.Cleanup(w.close)
	return w
}

func (w *offsetWatch) close() {
	select {
	case <-w.stop:
	default:
		close(w.stop)
	}
	<-w.done
}

func (w *offsetWatch) seen() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.regressions...)
}

// The rebalance regression of issue 9: instance A holds a slow record on
// every partition (an LLM call can take up to processing.timeout) when B
// joins and takes half of them. A must give the moved partitions up within
// its revoke budget, commit its finished prefix in that generation, and
// never commit or publish for them afterwards: the committed offset of a
// partition never goes below a value it had, nothing is lost, and no key
// is published out of order.
func TestIntegrationRebalanceWithSlowRecordNeverRegresses(t *testing.T) {
	e := newEnv(t, 4)
	const keys, perKey = 40, 20
	e.produce(t, keys, perKey, 0)
	release := make(chan struct{})
	var firstSeen sync.Map
	var slowHeld atomic.Int64
	slowA := consumer.HandlerFunc(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
		if _, loaded := firstSeen.LoadOrStore(m.Partition, true); !loaded {
			slowHeld.Add(1)
			select { // the first record of each partition is slow on A
			case <-release:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		return e.echo(ctx, m)
	})
	mod := func(c *consumer.Config) { c.RevokeTimeout = time.Second }
	a := e.runner(t, slowA, mod)
	stopA := start(t, a)
	waitFor(t, "A to hold a slow record on every partition", 60*time.Second, func() bool { return slowHeld.Load() == int64(e.partitions) })
	waitFor(t, "A to finish records behind the slow ones", 60*time.Second, func() bool { return a.Stats().Published >= 40 })
	watch := watchOffsets(t, e)

	b := e.runner(t, consumer.HandlerFunc(e.echo), mod)
	stopB := start(t, b)
	waitMembers(t, e, 2, 60*time.Second)
	waitFor(t, "B to make progress", 60*time.Second, func() bool { return b.Stats().Published > 0 })
	waitQuiet(t, e, b)
	close(release) // the slow records finish now, on A, if A still runs them
	waitFor(t, "A to finish or drop its slow records", 60*time.Second, func() bool { return a.InFlight() == 0 })
	commitsA := a.Stats().Commits
	waitFor(t, "A's next commit round", 30*time.Second, func() bool {
		return a.Stats().Commits > commitsA || a.InFlight() == 0 && quietFor(e, 300*time.Millisecond)
	})
	if r := watch.seen(); len(r) > 0 {
		t.Fatalf("committed offsets went backwards: %v (stats A %+v, B %+v)", r, a.Stats(), b.Stats())
	}
	waitCommittedToEnd(t, e, 90*time.Second)
	stopA()
	stopB()
	watch.close()
	if r := watch.seen(); len(r) > 0 {
		t.Fatalf("committed offsets went backwards: %v", r)
	}
	out := e.b.ReadAll(t, e.out)
	seen := checkOrder(t, out)
	if len(seen) != keys*perKey {
		t.Fatalf("distinct outputs %d, want %d", len(seen), keys*perKey)
	}
	t.Logf("outputs %d, duplicates %d; A %+v; B %+v", len(out), len(out)-len(seen), a.Stats(), b.Stats())
}

// waitQuiet waits until r has nothing in flight and the group's committed
// offsets stopped moving.
func waitQuiet(t *testing.T, e *env, r *consumer.Runner) {
	t.Helper()
	waitFor(t, "the group to go quiet", 60*time.Second, func() bool { return r.InFlight() == 0 && quietFor(e, 500*time.Millisecond) })
}

// quietFor reports whether the committed offsets stayed the same for d.
func quietFor(e *env, d time.Duration) bool {
	before := offsetsNow(e)
	time.Sleep(d)
	after := offsetsNow(e)
	for p, o := range before {
		if after[p] != o {
			return false
		}
	}
	return before != nil
}

func offsetsNow(e *env) map[int]int64 {
	client := e.b.Cluster().Client(10 * time.Second)
	parts := make([]int, e.partitions)
	for i := range parts {
		parts[i] = i
	}
	resp, err := client.OffsetFetch(context.Background(), &kafka.OffsetFetchRequest{GroupID: e.group, Topics: map[string][]int{e.in: parts}})
	if err != nil {
		return nil
	}
	out := map[int]int64{}
	for _, p := range resp.Topics[e.in] {
		out[p.Partition] = p.CommittedOffset
	}
	return out
}

// Scaling 1 → 3 → 1 while records flow re-decides nothing: every
// generation end lets in-flight records finish and commits them before the
// partitions move, so no record is published twice, none is lost, no key
// is inverted and no committed offset goes backwards. Round 1 restarted
// every generation from the last periodic commit (312 records published
// twice when members left).
func TestIntegrationScalingWithoutCrashPublishesNoDuplicates(t *testing.T) {
	e := newEnv(t, 6)
	e.handlerDelayUs = 1000
	const keys, batches, perBatch = 30, 20, 3
	watch := watchOffsets(t, e)
	// Rare periodic commits: a member's progress since its last commit is
	// what a rebalance would re-decide without the end-of-generation commit.
	slowCommits := func(c *consumer.Config) { c.CommitInterval = 2 * time.Second }
	r1 := e.runner(t, consumer.HandlerFunc(e.echo), slowCommits)
	stop1 := start(t, r1)
	produced := make(chan struct{})
	go func() {
		defer close(produced)
		for b := 0; b < batches; b++ {
			e.produce(t, keys, perBatch, b*perBatch)
			time.Sleep(100 * time.Millisecond)
		}
	}()
	waitFor(t, "first records", 60*time.Second, func() bool { return r1.Stats().Published > 0 })
	r2 := e.runner(t, consumer.HandlerFunc(e.echo), slowCommits)
	stop2 := start(t, r2)
	r3 := e.runner(t, consumer.HandlerFunc(e.echo), slowCommits)
	stop3 := start(t, r3)
	waitMembers(t, e, 3, 90*time.Second)
	stop2()
	stop3()
	<-produced
	waitCommittedToEnd(t, e, 90*time.Second)
	stop1()
	watch.close()
	if r := watch.seen(); len(r) > 0 {
		t.Fatalf("committed offsets went backwards: %v", r)
	}
	out := e.b.ReadAll(t, e.out)
	seen := checkOrder(t, out)
	if len(seen) != keys*batches*perBatch {
		t.Fatalf("distinct outputs %d, want %d", len(seen), keys*batches*perBatch)
	}
	var abandoned, refused int64
	for _, r := range []*consumer.Runner{r1, r2, r3} {
		abandoned, refused = abandoned+r.Stats().Abandoned, refused+r.Stats().CommitErrors
	}
	dups := len(out) - len(seen)
	t.Logf("duplicates %d, abandoned %d, refused commits %d, generations %d/%d/%d", dups, abandoned, refused,
		r1.Stats().Generations, r2.Stats().Generations, r3.Stats().Generations)
	switch {
	case abandoned == 0 && refused == 0 && dups != 0:
		t.Errorf("a rebalance without a crash re-decided %d records although every record finished and every commit was accepted", dups)
	case dups > 128*e.partitions:
		// A machine so loaded that records outlived the revoke budget or a
		// member was evicted: still bounded by the checkpoint window.
		t.Errorf("duplicates %d exceed checkpoint_limit × partitions", dups)
	}
}

// A drain longer than the session timeout keeps the member: kafka-go stops
// heartbeating when a generation ends, so without heartbeats of its own the
// member was evicted mid-drain, its final commit refused (unknown member)
// and its rejoin started another rebalance; with a record slower than the
// session timeout on every rebalance, the group never settled (chaos drill
// d). Here A's slow record takes longer than the session timeout but less
// than the revoke budget: it finishes, A's final commit is accepted and
// nothing is decided twice.
func TestIntegrationDrainLongerThanSessionKeepsTheMember(t *testing.T) {
	e := newEnv(t, 2)
	const keys, perKey = 10, 5
	e.produce(t, keys, perKey, 0)
	var slowOnce sync.Once
	var held atomic.Bool
	release := make(chan struct{})
	slowA := consumer.HandlerFunc(func(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
		slow := false
		slowOnce.Do(func() { slow = true })
		if slow {
			held.Store(true)
			select {
			case <-release:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		return e.echo(ctx, m)
	})
	timing := func(c *consumer.Config) {
		c.SessionTimeout, c.HeartbeatInterval, c.RevokeTimeout, c.RebalanceTimeout = 6*time.Second, time.Second, 40*time.Second, 60*time.Second
	}
	a := e.runner(t, slowA, timing)
	stopA := start(t, a)
	waitFor(t, "A to hold its slow record", 60*time.Second, func() bool { return held.Load() })
	b := e.runner(t, consumer.HandlerFunc(e.echo), timing)
	stopB := start(t, b)
	// A is now draining (the rebalance waits for it); hold the record past
	// two session timeouts before letting it finish.
	time.Sleep(13 * time.Second)
	close(release)
	waitMembers(t, e, 2, 90*time.Second)
	waitCommittedToEnd(t, e, 90*time.Second)
	stopA()
	stopB()
	out := e.b.ReadAll(t, e.out)
	seen := checkOrder(t, out)
	if len(seen) != keys*perKey {
		t.Fatalf("distinct outputs %d, want %d", len(seen), keys*perKey)
	}
	if dups := len(out) - len(seen); dups != 0 || a.Stats().CommitErrors != 0 || a.Stats().Abandoned != 0 {
		t.Errorf("duplicates %d, A's refused commits %d, abandoned %d: A lost its membership while draining (stats A %+v)",
			dups, a.Stats().CommitErrors, a.Stats().Abandoned, a.Stats())
	}
}
