package llm

import (
	"context"
	"errors"
	"testing"
	"time"
)

// hangBound is how long a test waits for something that must happen at
// once: long enough that a loaded machine never reaches it, so reaching it
// means a hang.
const hangBound = 30 * time.Second

// blockingClock is a Clock on wall time whose Sleep never ends by itself:
// it signals on sleeping and returns only when its ctx is done. A test
// cancels on that signal, so "cancellation ends the wait" is checked by
// events, not by elapsed time.
type blockingClock struct {
	sleeping chan time.Duration
}

func newBlockingClock() *blockingClock {
	return &blockingClock{sleeping: make(chan time.Duration, 16)}
}

func (c *blockingClock) Now() time.Time { return time.Now() }

func (c *blockingClock) Sleep(ctx context.Context, d time.Duration) error {
	c.sleeping <- d
	<-ctx.Done()
	return ctx.Err()
}

// awaitErr returns what errc delivers, failing the test after hangBound.
func awaitErr(t *testing.T, errc <-chan error) error {
	t.Helper()
	select {
	case err := <-errc:
		return err
	case <-time.After(hangBound):
		t.Fatalf("no return within %s after cancel: hung", hangBound)
		return nil
	}
}

func TestRealClockSleep(t *testing.T) {
	t.Parallel()
	c := realClock{}
	if err := c.Sleep(context.Background(), 0); err != nil {
		t.Errorf("Sleep(0) = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- c.Sleep(ctx, time.Hour) }()
	cancel()
	if err := awaitErr(t, errc); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep after cancel = %v, want context.Canceled", err)
	}
	// A lower bound only: a loaded machine can make Sleep later, never earlier.
	start := time.Now()
	if err := c.Sleep(context.Background(), 20*time.Millisecond); err != nil || time.Since(start) < 20*time.Millisecond {
		t.Errorf("Sleep(20ms) = %v after %s", err, time.Since(start))
	}
}

// waitFor polls cond until it holds, failing the test after hangBound.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(hangBound); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %s: hung", hangBound)
		}
	}
}
