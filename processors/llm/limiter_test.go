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
	if err := l.Wait(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	if err := l.Wait(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
	if elapsed := time.Since(start); elapsed > 500*time.Millisecond {
		t.Errorf("cancel took %s", elapsed)
	}
}

// Real time, small: with RPM 60 the second call waits about a second.
func TestLimiterRealTimeRPM60(t *testing.T) {
	t.Parallel()
	l := NewLimiter(60, 0)
	start := time.Now()
	for range 2 {
		if err := l.Wait(context.Background(), 1); err != nil {
			t.Fatal(err)
		}
	}
	if elapsed := time.Since(start); elapsed < 900*time.Millisecond || elapsed > 2*time.Second {
		t.Errorf("two calls at RPM 60 took %s, want about 1s", elapsed)
	}
}

// The per-call timeout starts after the limiter admits the call: a second
// call that waits ~1s for RPM 60 still succeeds with a 300ms timeout.
func TestCompleteLimiterWaitIsNotATimeout(t *testing.T) {
	t.Parallel()
	srv := newFakeServer(t)
	cfg := testConfig(srv)
	cfg.RPM, cfg.Timeout = 60, 300*time.Millisecond
	c := newTestClient(t, cfg)
	first, err := c.Complete(context.Background(), testRequest("hi"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.Complete(context.Background(), testRequest("hi"))
	if err != nil {
		t.Fatalf("second call: %v", err)
	}
	if first.LimiterWait > 100*time.Millisecond {
		t.Errorf("first call waited %s", first.LimiterWait)
	}
	if second.LimiterWait < 900*time.Millisecond || second.Latency < second.LimiterWait {
		t.Errorf("second call waited %s of %s, want about 1s", second.LimiterWait, second.Latency)
	}
}

func TestCompleteLimiterCannotAdmitInTime(t *testing.T) {
	t.Parallel()
	srv := newFakeServer(t)
	cfg := testConfig(srv)
	cfg.RPM = 1
	c := newTestClient(t, cfg)
	if _, err := c.Complete(context.Background(), testRequest("hi")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.Complete(ctx, testRequest("hi"))
	if time.Since(start) > 500*time.Millisecond {
		t.Errorf("took %s, want an immediate refusal", time.Since(start))
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
