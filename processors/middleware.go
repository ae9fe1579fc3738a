package processors

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/triage/triage/internal/failure"
)

// Timeout bounds each call of the wrapped processor to d. When d passes
// while the caller's ctx is still live, the error is retryable (a slow
// attempt may succeed next time); when the caller's ctx ends, the caller's
// error is returned unchanged.
func Timeout(d time.Duration) Middleware {
	return func(next Processor) Processor {
		return Func(func(ctx context.Context, in Input) (Output, error) {
			actx, cancel := context.WithTimeout(ctx, d)
			defer cancel()
			out, err := next.Process(actx, in)
			if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
				return out, failure.Retryable(fmt.Errorf("processors: attempt timed out after %s: %w", d, err), 0)
			}
			return out, err
		})
	}
}

// RetryPolicy says how often and how patiently to retry.
type RetryPolicy struct {
	Retries int           // retries after the first attempt
	Backoff time.Duration // first delay; doubled per retry, with jitter
	Max     time.Duration // cap of one delay (default 30s)
}

// Retry calls the wrapped processor again when it fails with a retryable
// error (failure.IsRetryable), waiting the exponential backoff with jitter or
// the server's Retry-After, whichever is longer. Non-retryable errors and
// cancellation return at once. The final error records the attempt count
// (failure.Attempts) for the dead-letter envelope.
func Retry(p RetryPolicy) Middleware {
	if p.Max == 0 {
		p.Max = 30 * time.Second
	}
	return func(next Processor) Processor {
		return Func(func(ctx context.Context, in Input) (Output, error) {
			delay := p.Backoff
			for attempt := 1; ; attempt++ {
				out, err := next.Process(ctx, in)
				if err == nil {
					return out, nil
				}
				retryable, after := failure.IsRetryable(err)
				if !retryable || attempt > p.Retries {
					return out, failure.WithAttempts(err, attempt)
				}
				wait := max(delay/2+rand.N(delay/2+1), after)
				t := time.NewTimer(min(wait, max(p.Max, after)))
				select {
				case <-ctx.Done():
					t.Stop()
					return out, failure.WithAttempts(fmt.Errorf("processors: retry: %w", ctx.Err()), attempt)
				case <-t.C:
				}
				delay = min(delay*2, p.Max)
			}
		})
	}
}
