package llm

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/triage/triage/internal/failure"
)

func fakeLimiter(rpm, tpm int) (*Limiter, *fakeClock) {
	l := NewLimiter(rpm, tpm)
	clock := newFakeClock()
	l.clock = clock
	return l, clock
}

func TestLimiterWaits(t *testing.T) {
	for _, tc := range []struct {
		name      string
		rpm, tpm  int
		tokens    []int           // one Wait each
		wantSleep []time.Duration // the fake clock's sleeps, in order
	}{
		{"unlimited", 0, 0, []int{1e6, 1e6}, nil},
		{"rpm 60 spaces calls a second apart", 60, 0, []int{100, 100, 100}, []time.Duration{time.Second, time.Second}},
		{"rpm 600", 600, 0, []int{1, 1}, []time.Duration{100 * time.Millisecond}},
		{"tpm refills at tpm/60 a second", 0, 6000, []int{6000, 100}, []time.Duration{time.Second}},
		{"over-burst request is clamped, not refused", 0, 1000, []int{5000, 5000}, []time.Duration{time.Minute}},
		{"the slower limit decides", 60, 600, []int{600, 20}, []time.Duration{2 * time.Second}},
		{"zero tokens need only a request slot", 60, 100, []int{0, 0}, []time.Duration{time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, clock := fakeLimiter(tc.rpm, tc.tpm)
			for i, n := range tc.tokens {
				if err := l.Wait(context.Background(), n); err != nil {
					t.Fatalf("Wait #%d: %v", i, err)
				}
			}
			got := clock.Slept()
			if len(got) != len(tc.wantSleep) {
				t.Fatalf("slept %v, want %v", got, tc.wantSleep)
			}
			for i := range got {
				if d := got[i] - tc.wantSleep[i]; d < -time.Millisecond || d > time.Millisecond {
					t.Errorf("sleep #%d = %s, want %s", i, got[i], tc.wantSleep[i])
				}
			}
		})
	}
}

func TestLimiterDeadlineFailsFastAndConsumesNothing(t *testing.T) {
	l, clock := fakeLimiter(60, 0)
	if err := l.Wait(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithDeadline(context.Background(), clock.Now().Add(200*time.Millisecond))
	defer cancel()
	if err := l.Wait(ctx, 1); !errors.Is(err, ErrLimited) {
		t.Fatalf("Wait = %v, want ErrLimited", err)
	}
	if s := clock.Slept(); len(s) != 0 {
		t.Fatalf("slept %v before refusing", s)
	}
	// The refused call gave its slot back: the next one waits 1s, not 2s.
	if err := l.Wait(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	if s := clock.Slept(); len(s) != 1 || s[0] > time.Second+time.Millisecond {
		t.Errorf("slept %v, want one ~1s wait", s)
	}
}

func TestLimiterCancel(t *testing.T) {
	l := NewLimiter(1, 0)
	clock := newBlockingClock()
	l.clock = clock
	if err := l.Wait(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- l.Wait(ctx, 1) }()
	if d := <-clock.sleeping; d < 59*time.Second {
		t.Errorf("waits %s at RPM 1, want about a minute", d)
	}
	cancel()
	if err := awaitErr(t, errc); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
}

// Real time, small: with RPM 60 the second call waits about a second. Only
// the lower bound is checked: a loaded machine makes the calls later, never
// earlier; how much later is not the limiter's to promise.
func TestLimiterRealTimeRPM60(t *testing.T) {
	t.Parallel()
	l := NewLimiter(60, 0)
	start := time.Now()
	for range 2 {
		if err := l.Wait(context.Background(), 1); err != nil {
			t.Fatal(err)
		}
	}
	if elapsed := time.Since(start); elapsed < 900*time.Millisecond {
		t.Errorf("two calls at RPM 60 took %s, want at least about 1s", elapsed)
	}
}

// The per-call timeout starts after the limiter admits the call: a second
// call that waits a minute for RPM 1 still succeeds with a 10s timeout (a
// timeout started before the wait would make the limiter refuse it). The
// fake clock makes the minute instant.
func TestCompleteLimiterWaitIsNotATimeout(t *testing.T) {
	t.Parallel()
	srv := newFakeServer(t)
	cfg := testConfig(srv)
	cfg.RPM, cfg.Timeout = 1, 10*time.Second
	clock := newFakeClock()
	c := newTestClient(t, cfg, WithClock(clock))
	first, err := c.Complete(context.Background(), testRequest("hi"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.Complete(context.Background(), testRequest("hi"))
	if err != nil {
		t.Fatalf("second call: %v", err)
	}
	if first.LimiterWait != 0 {
		t.Errorf("first call waited %s", first.LimiterWait)
	}
	if second.LimiterWait < 59*time.Second || second.Latency < second.LimiterWait {
		t.Errorf("second call waited %s of %s, want about 1m", second.LimiterWait, second.Latency)
	}
}

func TestCompleteLimiterCannotAdmitInTime(t *testing.T) {
	t.Parallel()
	srv := newFakeServer(t)
	cfg := testConfig(srv)
	cfg.RPM = 1
	clock := newFakeClock()
	c := newTestClient(t, cfg, WithClock(clock))
	if _, err := c.Complete(context.Background(), testRequest("hi")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := c.Complete(ctx, testRequest("hi"))
	if s := clock.Slept(); len(s) != 0 {
		t.Errorf("slept %v, want an immediate refusal", s)
	}
	if !errors.Is(err, ErrLimited) || failure.FallbackReason(err) != failure.RateLimited {
		t.Errorf("err = %v, want ErrLimited marked rate_limited", err)
	}
	if retryable, _ := failure.IsRetryable(err); retryable {
		t.Errorf("a local limit refusal is retryable")
	}
	if srv.Calls() != 1 {
		t.Errorf("server saw %d calls, want 1", srv.Calls())
	}
}
