package consumer

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLanesOrderPerKeyAndConcurrencyAcrossKeys(t *testing.T) {
	l := newLanes()
	const keys, perKey = 8, 50
	var mu sync.Mutex
	seen := map[string][]int{}
	var running, peak atomic.Int32
	for i := 0; i < perKey; i++ {
		for k := 0; k < keys; k++ {
			key, i := fmt.Sprint(k), i
			l.submit(laneKey{topicPartition{"t", 0}, key}, func() {
				n := running.Add(1)
				for {
					p := peak.Load()
					if n <= p || peak.CompareAndSwap(p, n) {
						break
					}
				}
				time.Sleep(50 * time.Microsecond)
				mu.Lock()
				seen[key] = append(seen[key], i)
				mu.Unlock()
				running.Add(-1)
			})
		}
	}
	l.wait()
	for k, got := range seen {
		if len(got) != perKey {
			t.Fatalf("key %s: %d items, want %d", k, len(got), perKey)
		}
		for i, v := range got {
			if v != i {
				t.Fatalf("key %s out of order at %d: %v", k, i, got[:i+1])
			}
		}
	}
	if peak.Load() < 2 {
		t.Errorf("peak concurrency %d: different keys never ran together", peak.Load())
	}
	if peak.Load() > keys {
		t.Errorf("peak concurrency %d > number of keys %d: one key ran twice at once", peak.Load(), keys)
	}
	if len(l.active) != 0 {
		t.Errorf("lanes left active: %d", len(l.active))
	}
}

func TestLanesSameKeyDifferentPartitionsAreIndependent(t *testing.T) {
	l := newLanes()
	block := make(chan struct{})
	done := make(chan struct{})
	l.submit(laneKey{topicPartition{"t", 0}, "k"}, func() { <-block })
	l.submit(laneKey{topicPartition{"t", 1}, "k"}, func() { close(done) })
	select {
	case <-done:
	case <-time.After(60 * time.Second): // only a real wait for partition 0 reaches this
		t.Fatal("partition 1 waited for partition 0")
	}
	close(block)
	l.wait()
}

// TestLanesReuseIdleGoroutines: a lane started after another finished runs
// on the finished one's goroutine instead of a new one, and close ends the
// idle goroutines; work submitted after close still runs.
func TestLanesReuseIdleGoroutines(t *testing.T) {
	l := newLanes()
	for i := range 20 {
		done := make(chan struct{})
		l.submit(laneKey{topicPartition{"t", 0}, fmt.Sprint(i)}, func() { close(done) })
		<-done
		l.wait()
		until(t, "the goroutine to go idle", func() bool { l.mu.Lock(); defer l.mu.Unlock(); return len(l.idle) == 1 })
	}
	l.mu.Lock()
	idle := len(l.idle)
	l.mu.Unlock()
	if idle != 1 {
		t.Fatalf("%d idle goroutines after 20 lanes one after another, want 1 (reused)", idle)
	}
	l.close()
	l.close() // idempotent
	if len(l.idle) != 0 {
		t.Fatalf("%d idle goroutines left after close", len(l.idle))
	}
	done := make(chan struct{})
	l.submit(laneKey{topicPartition{"t", 0}, "late"}, func() { close(done) })
	<-done
	l.wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.idle) != 0 {
		t.Fatalf("a goroutine went idle after close")
	}
}

// until polls cond until it holds, failing after a generous deadline.
func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
