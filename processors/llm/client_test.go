package llm

import (
	"context"
	"errors"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/triage/triage/internal/failure"
)

func TestCompleteBehaviours(t *testing.T) {
	t.Parallel()
	const none = failure.Fallback("") // success
	for _, tc := range []struct {
		name           string
		script         []behaviour
		maxRetries     int // 0: testConfig's 2; -1: none
		timeout        time.Duration
		wantReason     failure.Fallback
		wantRetryable  bool
		wantRetryAfter time.Duration
		wantCalls      int
		wantIs         error
		wantMinSleep   time.Duration // the fake clock must have slept at least this long once
	}{
		{name: "ok", script: []behaviour{answerOK}, wantReason: none, wantCalls: 1},
		{name: "slow but in time", script: []behaviour{answerSlow}, wantReason: none, wantCalls: 1},
		{name: "500 then ok", script: []behaviour{answer500, answerOK}, wantReason: none, wantCalls: 2},
		{name: "429 then ok waits Retry-After", script: []behaviour{answer429, answerOK}, wantReason: none, wantCalls: 2, wantMinSleep: time.Second},
		{name: "429 always", script: []behaviour{answer429}, maxRetries: 1, wantReason: failure.RateLimited, wantRetryable: true, wantRetryAfter: time.Second, wantCalls: 2, wantMinSleep: time.Second},
		{name: "503 always", script: []behaviour{answer503}, maxRetries: 2, wantReason: failure.UpstreamError, wantRetryable: true, wantRetryAfter: time.Second, wantCalls: 3, wantMinSleep: time.Second},
		{name: "500 always", script: []behaviour{answer500}, maxRetries: 2, wantReason: failure.UpstreamError, wantRetryable: true, wantCalls: 3},
		{name: "500 plain text body", script: []behaviour{answer500Text}, maxRetries: -1, wantReason: failure.UpstreamError, wantRetryable: true, wantCalls: 1},
		{name: "hang times out", script: []behaviour{answerHang}, maxRetries: 1, timeout: 100 * time.Millisecond, wantReason: failure.Timeout, wantRetryable: true, wantCalls: 2, wantIs: context.DeadlineExceeded},
		{name: "400 is not retried", script: []behaviour{answer400}, wantReason: failure.UpstreamError, wantCalls: 1},
		{name: "401 is not retried", script: []behaviour{answer401}, wantReason: failure.UpstreamError, wantCalls: 1},
		{name: "malformed body", script: []behaviour{answerMalformed}, wantReason: failure.UpstreamError, wantCalls: 1},
		{name: "no choices", script: []behaviour{answerNoChoices}, wantReason: failure.BadAnswer, wantCalls: 1, wantIs: ErrBadAnswer},
		{name: "finish_reason length", script: []behaviour{answerLength}, wantReason: failure.BadAnswer, wantCalls: 1, wantIs: ErrBadAnswer},
		{name: "refusal", script: []behaviour{answerRefusal}, wantReason: failure.BadAnswer, wantCalls: 1, wantIs: ErrBadAnswer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newFakeServer(t, tc.script...)
			cfg := testConfig(srv)
			if tc.maxRetries != 0 { // 0: testConfig's 2
				cfg.MaxRetries = max(tc.maxRetries, 0)
			}
			if tc.timeout > 0 {
				cfg.Timeout = tc.timeout
			}
			clock := newFakeClock()
			c := newTestClient(t, cfg, WithClock(clock))

			resp, err := c.Complete(context.Background(), testRequest("Please refund order 4711."))

			// A hang's short per-call timeout can expire before a loaded
			// machine delivers the request, so the server may see fewer
			// calls than the client made attempts; any other answer comes
			// only after the server saw the call.
			if got := srv.Calls(); got != tc.wantCalls && (tc.script[0] != answerHang || got > tc.wantCalls) {
				t.Errorf("server saw %d calls, want %d", got, tc.wantCalls)
			}
			if resp.Attempts != tc.wantCalls {
				t.Errorf("Attempts = %d, want %d", resp.Attempts, tc.wantCalls)
			}
			var longest time.Duration
			for _, d := range clock.Slept() {
				longest = max(longest, d)
			}
			if longest < tc.wantMinSleep {
				t.Errorf("longest backoff %s, want >= %s (Retry-After)", longest, tc.wantMinSleep)
			}
			if tc.wantReason == none {
				if err != nil {
					t.Fatalf("Complete: %v", err)
				}
				if resp.Content != srv.content {
					t.Errorf("Content = %q, want %q", resp.Content, srv.content)
				}
				return
			}
			if err == nil {
				t.Fatalf("Complete succeeded, want %s", tc.wantReason)
			}
			if got := failure.FallbackReason(err); got != tc.wantReason {
				t.Errorf("fallback reason %s, want %s (err: %v)", got, tc.wantReason, err)
			}
			retryable, after := failure.IsRetryable(err)
			if retryable != tc.wantRetryable || after != tc.wantRetryAfter {
				t.Errorf("IsRetryable = %v, %s; want %v, %s", retryable, after, tc.wantRetryable, tc.wantRetryAfter)
			}
			if tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
				t.Errorf("errors.Is(err, %v) = false: %v", tc.wantIs, err)
			}
			if failure.IsCanceled(err) {
				t.Errorf("IsCanceled = true for %v", err)
			}
		})
	}
}

func TestCompleteUsageAndCost(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		script   behaviour
		prices   map[string]Price
		wantCost float64
		wantErr  bool
	}{
		{"priced by the configured model", answerOK, map[string]Price{"gpt-4o-mini": {0.15, 0.60}}, (1200*0.15 + 80*0.60) / 1e6, false},
		{"priced by the answering model", answerOK, map[string]Price{"gpt-4o-mini-2024-07-18": {1, 2}}, (1200*1 + 80*2) / 1e6, false},
		{"unknown price costs 0", answerOK, nil, 0, false},
		{"bad answers still cost", answerLength, map[string]Price{"gpt-4o-mini": {0.15, 0.60}}, (1200*0.15 + 80*0.60) / 1e6, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newFakeServer(t, tc.script)
			cfg := testConfig(srv)
			cfg.Prices = tc.prices
			resp, err := newTestClient(t, cfg).Complete(context.Background(), testRequest("hi"))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if resp.PromptTokens != 1200 || resp.CompletionTokens != 80 || resp.Model != "gpt-4o-mini-2024-07-18" {
				t.Errorf("usage = %d/%d of %q, want 1200/80 of gpt-4o-mini-2024-07-18", resp.PromptTokens, resp.CompletionTokens, resp.Model)
			}
			if math.Abs(resp.CostUSD-tc.wantCost) > 1e-12 {
				t.Errorf("CostUSD = %g, want %g", resp.CostUSD, tc.wantCost)
			}
			if resp.Latency <= 0 {
				t.Errorf("Latency = %s, want > 0", resp.Latency)
			}
		})
	}
}

// Real time: the wait between a 429 and the retry is at least its
// Retry-After. Only the lower bound is checked: a loaded machine makes the
// retry later, never earlier.
func TestCompleteHonoursRetryAfterInRealTime(t *testing.T) {
	t.Parallel()
	srv := newFakeServer(t, answer429, answerOK)
	cfg := testConfig(srv)
	cfg.MaxRetries = 1
	if _, err := newTestClient(t, cfg).Complete(context.Background(), testRequest("hi")); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	times := srv.Times()
	if len(times) != 2 {
		t.Fatalf("%d calls, want 2", len(times))
	}
	if gap := times[1].Sub(times[0]); gap < time.Second {
		t.Errorf("retry %s after the 429, want >= 1s", gap)
	}
}

// A Retry-After beyond the caller's deadline ends Complete at once.
func TestCompleteStopsWhenRetryAfterPassesTheDeadline(t *testing.T) {
	t.Parallel()
	srv := newFakeServer(t, answer429)
	srv.retryAfter = time.Now().Add(5 * time.Second).UTC().Format(http.TimeFormat) // an HTTP date
	cfg := testConfig(srv)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	clock := newFakeClock()
	_, err := newTestClient(t, cfg, WithClock(clock)).Complete(ctx, testRequest("hi"))
	if s := clock.Slept(); len(s) != 0 {
		t.Errorf("slept %v, want an immediate return", s)
	}
	if srv.Calls() != 1 || failure.FallbackReason(err) != failure.RateLimited {
		t.Errorf("calls %d, reason %s; want 1, rate_limited", srv.Calls(), failure.FallbackReason(err))
	}
	if _, after := failure.IsRetryable(err); after < 3*time.Second {
		t.Errorf("RetryAfter = %s, want about 5s from the HTTP date", after)
	}
}

// Cancellation ends Complete wherever it waits. Each wait below would last
// a minute or more (an HTTP call that never answers under a 1m timeout, a
// backoff or limiter wait on a clock that never wakes), and Complete must
// return within hangBound of the cancel; the cancel comes when the wait has
// begun (the server saw the call, or the clock was asked to sleep).
func TestCompleteCancellationIsImmediate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		script []behaviour
		rpm    int
		warm   bool // make one call first, so the RPM limiter makes the next wait
	}{
		{"during the HTTP call", []behaviour{answerHang}, 0, false},
		{"during Retry-After backoff", []behaviour{answer429}, 0, false},
		{"during the limiter wait", []behaviour{answerOK}, 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newFakeServer(t, tc.script...)
			cfg := testConfig(srv)
			cfg.RPM, cfg.Timeout = tc.rpm, time.Minute
			clock := newBlockingClock()
			c := newTestClient(t, cfg, WithClock(clock))
			if tc.warm {
				if _, err := c.Complete(context.Background(), testRequest("hi")); err != nil {
					t.Fatal(err)
				}
			}
			calls := srv.Calls()
			ctx, cancel := context.WithCancel(context.Background())
			errc := make(chan error, 1)
			go func() {
				_, err := c.Complete(ctx, testRequest("hi"))
				errc <- err
			}()
			if tc.script[0] == answerHang {
				waitFor(t, func() bool { return srv.Calls() > calls })
			} else {
				<-clock.sleeping
			}
			cancel()
			err := awaitErr(t, errc)
			if !failure.IsCanceled(err) {
				t.Errorf("IsCanceled = false: %v", err)
			}
			var fe *failure.FallbackError
			if errors.As(err, &fe) {
				t.Errorf("cancellation carries fallback reason %s", fe.Reason)
			}
			if retryable, _ := failure.IsRetryable(err); retryable {
				t.Errorf("cancellation is retryable")
			}
		})
	}
	t.Run("already cancelled", func(t *testing.T) {
		srv := newFakeServer(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := newTestClient(t, testConfig(srv)).Complete(ctx, testRequest("hi"))
		if !failure.IsCanceled(err) || srv.Calls() != 0 {
			t.Errorf("err %v, %d calls; want cancellation and no call", err, srv.Calls())
		}
	})
}
