package bench

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestWatchStopsAtExpect(t *testing.T) {
	var n atomic.Int64
	go func() {
		for range 50 {
			n.Add(1)
			time.Sleep(time.Millisecond)
		}
	}()
	w, err := watch(context.Background(), n.Load, n.Load, 50, time.Minute, nil)
	if err != nil || w.records != 50 || w.elapsed <= 0 {
		t.Fatalf("got %+v, %v", w, err)
	}
	if w.steady <= 0 {
		t.Fatalf("no rate between 10%% and 90%% of 50 records finished (run of %s)", w.elapsed)
	}
}

func TestWatchFailsOnStallAndStop(t *testing.T) {
	one := func() int64 { return 1 }
	if _, err := watch(context.Background(), one, one, 10, 20*time.Millisecond, nil); err == nil || !strings.Contains(err.Error(), "only 1 of 10") {
		t.Errorf("stall: %v", err)
	}
	stopped := make(chan struct{})
	close(stopped)
	if _, err := watch(context.Background(), one, one, 10, time.Minute, stopped); err == nil || !strings.Contains(err.Error(), "stopped") {
		t.Errorf("stopped consumer: %v", err)
	}
}

func TestRunPhaseRejectsUnknownKind(t *testing.T) {
	if res := RunPhase(context.Background(), PhaseSpec{Kind: "nope"}, "test"); !strings.Contains(res.Err, "unknown phase") {
		t.Errorf("got %+v", res)
	}
	if err := ServePhase(context.Background(), strings.NewReader("{"), &strings.Builder{}, "test"); err == nil {
		t.Error("ServePhase accepted a broken spec")
	}
}
