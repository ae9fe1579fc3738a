package consumer_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/internal/kafkatest"
)

// rec is what the test producer writes and the test handler echoes.
type rec struct {
	Key string `json:"key"`
	Seq int    `json:"seq"`
}

type env struct {
	b              *kafkatest.Broker
	in, out, dlq   string
	group          string
	partitions     int
	handled        atomic.Int64
	handlerDelayUs int
}

func newEnv(t *testing.T, partitions int) *env {
	b := kafkatest.Start(t)
	return &env{b: b, partitions: partitions,
		in: b.Topic(t, "it.in", partitions), out: b.Topic(t, "it.out", partitions), dlq: b.Topic(t, "it.dlq", 1),
		group: fmt.Sprintf("it-%d", rand.Int())}
}

func (e *env) produce(t *testing.T, keys, perKey, from int) {
	var msgs []kafka.Message
	for i := from; i < from+perKey; i++ {
		for k := 0; k < keys; k++ {
			v, _ := json.Marshal(rec{Key: fmt.Sprintf("k%d", k), Seq: i})
			msgs = append(msgs, kafka.Message{Topic: e.in, Key: []byte(fmt.Sprintf("k%d", k)), Value: v})
		}
	}
	e.b.Produce(t, msgs...)
}

// echo copies the record to the output topic; a value that is not a rec is
// a bad input.
func (e *env) echo(ctx context.Context, m kafka.Message) ([]kafka.Message, error) {
	var r rec
	if err := json.Unmarshal(m.Value, &r); err != nil {
		return nil, failure.BadInput(failure.InvalidJSON, err)
	}
	if e.handlerDelayUs > 0 {
		select {
		case <-time.After(time.Duration(rand.IntN(e.handlerDelayUs)) * time.Microsecond):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	e.handled.Add(1)
	return []kafka.Message{{Topic: e.out, Key: m.Key, Value: m.Value}}, nil
}

func (e *env) runner(t *testing.T, h consumer.Handler, mod func(*consumer.Config)) *consumer.Runner {
	cfg := consumer.Config{Brokers: e.b.Addrs, Auth: e.b.Auth, GroupID: e.group, Topics: []string{e.in}, OutputTopics: []string{e.out},
		DLQTopic: e.dlq, MaxInFlight: 32, CommitInterval: 50 * time.Millisecond, ShutdownTimeout: 30 * time.Second,
		Logger: testLogger()}
	if mod != nil {
		mod(&cfg)
	}
	r, err := consumer.New(cfg, h)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func testLogger() *slog.Logger {
	if os.Getenv("TRIAGE_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// start runs r in the background; the returned stop cancels it and waits.
func start(t *testing.T, r *consumer.Runner) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(30 * time.Second):
				t.Error("Run did not return within 30s of cancel")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// checkOrder asserts that no key's outputs are inverted within a
// partition and returns how often each (key, seq) was published. A seq
// below the key's highest so far is a redelivery when it was published
// before (the tail of a crash or of an abandoned generation, published
// again in order); it is an inversion only when it is new.
func checkOrder(t *testing.T, msgs []kafka.Message) map[rec]int {
	t.Helper()
	high := map[string]int{}
	seen := map[rec]int{}
	byPartition := map[int][]kafka.Message{}
	for _, m := range msgs {
		byPartition[m.Partition] = append(byPartition[m.Partition], m)
	}
	for _, ms := range byPartition {
		for _, m := range ms { // ReadAll preserves per-partition order
			var r rec
			if err := json.Unmarshal(m.Value, &r); err != nil {
				t.Fatalf("output %q: %v", m.Value, err)
			}
			if h, ok := high[r.Key]; ok && r.Seq < h && seen[r] == 0 {
				t.Fatalf("key %s inverted: new seq %d published after seq %d", r.Key, r.Seq, h)
			}
			high[r.Key] = max(high[r.Key], r.Seq)
			seen[r]++
		}
	}
	return seen
}

func committed(t *testing.T, e *env) map[int]int64 {
	t.Helper()
	out := offsetsNow(e)
	if out == nil {
		t.Fatal("cannot fetch the group's committed offsets")
	}
	return out
}

func endOffsets(t *testing.T, e *env) map[int]int64 {
	t.Helper()
	client := e.b.Cluster().Client(0)
	req := &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{}}
	for p := 0; p < e.partitions; p++ {
		req.Topics[e.in] = append(req.Topics[e.in], kafka.LastOffsetOf(p))
	}
	resp, err := client.ListOffsets(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]int64{}
	for _, p := range resp.Topics[e.in] {
		out[p.Partition] = p.LastOffset
	}
	return out
}

func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var errBoom = errors.New("boom")

// waitCommittedToEnd waits until the group committed every partition of the
// input topic up to its end offset.
func waitCommittedToEnd(t *testing.T, e *env, timeout time.Duration) {
	t.Helper()
	end := endOffsets(t, e)
	waitFor(t, "commits to reach the end offsets", timeout, func() bool {
		got := committed(t, e)
		for p, off := range end {
			if got[p] < off {
				return false
			}
		}
		return true
	})
}

// waitMembers waits until the group is stable with n members that each own
// at least one partition.
func waitMembers(t *testing.T, e *env, n int, timeout time.Duration) {
	t.Helper()
	client := e.b.Cluster().Client(0)
	waitFor(t, fmt.Sprintf("%d group members with partitions", n), timeout, func() bool {
		resp, err := client.DescribeGroups(context.Background(), &kafka.DescribeGroupsRequest{GroupIDs: []string{e.group}})
		if err != nil || len(resp.Groups) != 1 || resp.Groups[0].GroupState != "Stable" || len(resp.Groups[0].Members) != n {
			return false
		}
		for _, m := range resp.Groups[0].Members {
			if len(m.MemberAssignments.Topics) == 0 {
				return false
			}
		}
		return true
	})
}
