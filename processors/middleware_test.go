package processors

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/triage/triage/internal/failure"
)

// fake is a processor whose behaviour is switched per call number.
type fake struct {
	calls  atomic.Int32
	script []string // per call: ok, fail, transient, hang, slow
	after  time.Duration
}

func (f *fake) Process(ctx context.Context, in Input) (Output, error) {
	n := int(f.calls.Add(1)) - 1
	mode := f.script[min(n, len(f.script)-1)]
	switch mode {
	case "fail":
		return Output{}, errors.New("permanent")
	case "transient":
		return Output{}, failure.Retryable(errors.New("503"), f.after)
	case "hang":
		<-ctx.Done()
		return Output{}, ctx.Err()
	}
	return Output{Decision: &Route{Queue: "billing"}}, nil
}

func TestRetry(t *testing.T) {
	pol := RetryPolicy{Retries: 2, Backoff: time.Millisecond}
	tests := []struct {
		name     string
		script   []string
		after    time.Duration
		wantErr  bool
		calls    int32
		attempts int
		minTime  time.Duration
	}{
		{"ok first", []string{"ok"}, 0, false, 1, 0, 0},
		{"transient then ok", []string{"transient", "ok"}, 0, false, 2, 0, 0},
		{"permanent not retried", []string{"fail"}, 0, true, 1, 1, 0},
		{"transient exhausts", []string{"transient"}, 0, true, 3, 3, 0},
		{"honours retry-after", []string{"transient", "ok"}, 150 * time.Millisecond, false, 2, 0, 150 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{script: tt.script, after: tt.after}
			start := time.Now()
			_, err := Chain(f, Retry(pol)).Process(context.Background(), Input{})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if f.calls.Load() != tt.calls {
				t.Errorf("calls = %d, want %d", f.calls.Load(), tt.calls)
			}
			if err != nil && failure.Attempts(err) != tt.attempts {
				t.Errorf("attempts = %d, want %d", failure.Attempts(err), tt.attempts)
			}
			if el := time.Since(start); el < tt.minTime {
				t.Errorf("returned after %s, Retry-After was %s", el, tt.minTime)
			}
		})
	}
}

func TestRetryStopsOnCancel(t *testing.T) {
	f := &fake{script: []string{"transient"}, after: time.Hour}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	_, err := Chain(f, Retry(RetryPolicy{Retries: 5, Backoff: time.Millisecond})).Process(ctx, Input{})
	if failure.Classify(err) != failure.Canceled {
		t.Fatalf("err = %v, want canceled", err)
	}
}

func TestTimeoutIsRetryableAndRecovers(t *testing.T) {
	f := &fake{script: []string{"hang", "ok"}}
	p := Chain(f, Retry(RetryPolicy{Retries: 1, Backoff: time.Millisecond}), Timeout(20*time.Millisecond))
	out, err := p.Process(context.Background(), Input{})
	if err != nil || out.Decision.(*Route).Queue != "billing" {
		t.Fatalf("out=%v err=%v", out, err)
	}
	f = &fake{script: []string{"hang"}}
	_, err = Chain(f, Timeout(10*time.Millisecond)).Process(context.Background(), Input{})
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
