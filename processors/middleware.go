package processors

import (
	"context"
	"errors"
	"fmt"
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
			actx := newLazyDeadline(ctx, d) // a timer only if next waits (deadline.go)
			defer actx.cancel()
			out, err := next.Process(actx, in)
			if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
				return out, failure.Retryable(fmt.Errorf("processors: attempt timed out after %s: %w", d, err), 0)
			}
			return out, err
		})
	}
}
