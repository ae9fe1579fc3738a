package processors

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sony/gobreaker/v2"

	"github.com/triage/triage/internal/failure"
)

// BreakerSettings configure one circuit breaker (one per processor and model).
type BreakerSettings struct {
	Name string // e.g. "route/gpt-4o-mini"; a metric label
	// ConsecutiveFailures trips the breaker (default 5).
	ConsecutiveFailures uint32
	// FailureRatio over Window trips it once MinRequests were seen there
	// (defaults 0.5, 20 and 60s; the window rolls in tenths).
	FailureRatio float64
	MinRequests  uint32
	Window       time.Duration
	// OpenTimeout is how long it stays open before half-open probes
	// (default 30s); HalfOpenProbes calls are let through then (default 1).
	OpenTimeout    time.Duration
	HalfOpenProbes uint32
	// OnStateChange is called on every transition ("closed", "open",
	// "half-open"); it must not block.
	OnStateChange func(name, from, to string)
	// Ignore marks errors that are neither success nor failure, besides
	// cancellation (which is always ignored): e.g. the local rate limiter
	// refusing to wait.
	Ignore func(error) bool
}

// Breaker wraps the next processor in a gobreaker circuit breaker. While it
// is open, calls fail at once with a failure.BreakerOpen fallback error and
// cost nothing. Cancelled calls (shutdown) neither count as failures nor
// trip it. Safe for concurrent use.
func Breaker(s BreakerSettings) Middleware {
	if s.ConsecutiveFailures == 0 {
		s.ConsecutiveFailures = 5
	}
	if s.FailureRatio == 0 {
		s.FailureRatio = 0.5
	}
	if s.MinRequests == 0 {
		s.MinRequests = 20
	}
	if s.Window == 0 {
		s.Window = 60 * time.Second
	}
	if s.OpenTimeout == 0 {
		s.OpenTimeout = 30 * time.Second
	}
	if s.HalfOpenProbes == 0 {
		s.HalfOpenProbes = 1
	}
	return func(next Processor) Processor {
		cb := gobreaker.NewCircuitBreaker[Output](gobreaker.Settings{
			Name:         s.Name,
			MaxRequests:  s.HalfOpenProbes,
			Interval:     s.Window,
			BucketPeriod: s.Window / 10,
			Timeout:      s.OpenTimeout,
			ReadyToTrip: func(c gobreaker.Counts) bool {
				return c.ConsecutiveFailures >= s.ConsecutiveFailures ||
					(c.Requests >= s.MinRequests && float64(c.TotalFailures)/float64(c.Requests) >= s.FailureRatio)
			},
			OnStateChange: func(name string, from, to gobreaker.State) {
				if s.OnStateChange != nil {
					s.OnStateChange(name, from.String(), to.String())
				}
			},
			IsExcluded: func(err error) bool {
				return errors.Is(err, context.Canceled) || (s.Ignore != nil && s.Ignore(err))
			},
		})
		return Func(func(ctx context.Context, in Input) (Output, error) {
			out, err := cb.Execute(func() (Output, error) { return next.Process(ctx, in) })
			if errors.Is(err, gobreaker.ErrOpenState) || errors.Is(err, gobreaker.ErrTooManyRequests) {
				return out, failure.WithFallback(failure.BreakerOpen, fmt.Errorf("processors: breaker %s: %w", s.Name, err))
			}
			return out, err
		})
	}
}
