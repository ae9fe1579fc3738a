package llm

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/time/rate"
)

// ErrLimited is the error of a call that the local rate limit cannot admit
// before the caller's deadline.
var ErrLimited = errors.New("local rate limit cannot admit the call before the deadline")

// Limiter enforces a requests-per-minute and a tokens-per-minute limit, each
// a token bucket (golang.org/x/time/rate). It is safe for concurrent use.
//
// The RPM bucket holds one request, so calls are spaced evenly (RPM 60: one
// a second). The TPM bucket holds a minute's tokens; a call asking for more
// than that is clamped to it, so it waits for a full bucket instead of
// never being admitted.
type Limiter struct {
	rpm, tpm *rate.Limiter // nil: unlimited
	burst    int           // the TPM bucket's size
	clock    Clock
}

// NewLimiter returns a limiter of rpm requests and tpm tokens per minute;
// 0 leaves that dimension unlimited.
func NewLimiter(rpm, tpm int) *Limiter {
	l := &Limiter{clock: realClock{}}
	if rpm > 0 {
		l.rpm = rate.NewLimiter(rate.Limit(float64(rpm)/60), 1)
	}
	if tpm > 0 {
		l.tpm = rate.NewLimiter(rate.Limit(float64(tpm)/60), tpm)
		l.burst = tpm
	}
	return l
}

// Wait blocks until one request and tokens tokens are available, or returns
// at once an error wrapping ErrLimited when that would be after ctx's
// deadline (nothing is consumed then). When ctx is cancelled while waiting it
// returns ctx.Err() at once and gives the reservation back.
func (l *Limiter) Wait(ctx context.Context, tokens int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := l.clock.Now()
	var held []*rate.Reservation
	cancel := func(at time.Time) {
		for _, r := range held {
			r.CancelAt(at)
		}
	}
	var delay time.Duration
	reserve := func(lim *rate.Limiter, n int) {
		if lim == nil || n <= 0 {
			return
		}
		r := lim.ReserveN(now, n) // n is within the burst, so r.OK()
		held = append(held, r)
		delay = max(delay, r.DelayFrom(now))
	}
	reserve(l.rpm, 1)
	reserve(l.tpm, min(tokens, l.burst))
	if delay <= 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && now.Add(delay).After(deadline) {
		cancel(now)
		return fmt.Errorf("llm: limiter: %w (needs %s, %s left)", ErrLimited, delay.Round(time.Millisecond), deadline.Sub(now).Round(time.Millisecond))
	}
	if err := l.clock.Sleep(ctx, delay); err != nil {
		cancel(l.clock.Now())
		return err
	}
	return nil
}
