package processors

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/triage/triage/internal/failure"
)

// fake is a processor that answers at once, or with "hang" in its script
// waits for its context to end.
type fake struct {
	calls  atomic.Int32
	script []string // per call: ok or hang
}

func (f *fake) Process(ctx context.Context, in Input) (Output, error) {
	n := int(f.calls.Add(1)) - 1
	if f.script[min(n, len(f.script)-1)] == "hang" {
		<-ctx.Done()
		return Output{}, ctx.Err()
	}
	return Output{Decision: &Route{Queue: "billing"}}, nil
}

func TestTimeoutIsRetryable(t *testing.T) {
	f := &fake{script: []string{"hang"}}
	_, err := Chain(f, Timeout(10*time.Millisecond)).Process(context.Background(), Input{})
	if ok, _ := failure.IsRetryable(err); !ok || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("timeout err = %v", err)
	}
}

func TestChainOrder(t *testing.T) {
	var order []string
	mw := func(name string) Middleware {
		return func(next Processor) Processor {
			return Func(func(ctx context.Context, in Input) (Output, error) {
				order = append(order, name)
				return next.Process(ctx, in)
			})
		}
	}
	_, _ = Chain(&fake{script: []string{"ok"}}, mw("a"), mw("b")).Process(context.Background(), Input{})
	if len(order) != 2 || order[0] != "a" || order[1] != "b" {
		t.Fatalf("order = %v", order)
	}
}
