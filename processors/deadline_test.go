package processors

import (
	"context"
	"errors"
	"testing"
	"time"
)

type ctxKey struct{}

func TestLazyDeadlineIsADeadlineContext(t *testing.T) {
	parent, stop := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "v"))
	defer stop()
	ctx, cancel := withLazyDeadline(parent, time.Hour)
	if err := ctx.Err(); err != nil {
		t.Fatalf("Err before the deadline: %v", err)
	}
	if d, ok := ctx.Deadline(); !ok || time.Until(d) < 59*time.Minute {
		t.Errorf("Deadline = %v, %v", d, ok)
	}
	if ctx.Value(ctxKey{}) != "v" {
		t.Error("Value does not reach the parent")
	}
	if ctx.(*lazyDeadline).armed != nil {
		t.Error("Err, Deadline and Value armed a timer")
	}
	stop()
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("Err after the parent's cancel: %v", ctx.Err())
	}
	select {
	case <-ctx.Done():
	case <-time.After(time.Minute):
		t.Fatal("Done not closed after the parent's cancel")
	}
	cancel()
}

func TestLazyDeadlinePasses(t *testing.T) {
	ctx, cancel := withLazyDeadline(context.Background(), time.Millisecond)
	defer cancel()
	for ctx.Err() == nil { // unarmed: the clock decides
		time.Sleep(time.Millisecond)
	}
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Errorf("Err = %v, want DeadlineExceeded", ctx.Err())
	}
	ctx2, cancel2 := withLazyDeadline(context.Background(), 5*time.Millisecond)
	defer cancel2()
	select { // armed: the timer closes Done
	case <-ctx2.Done():
	case <-time.After(time.Minute):
		t.Fatal("Done not closed at the deadline")
	}
	if !errors.Is(ctx2.Err(), context.DeadlineExceeded) {
		t.Errorf("armed Err = %v, want DeadlineExceeded", ctx2.Err())
	}
}

func TestLazyDeadlineCancel(t *testing.T) {
	for _, wait := range []bool{false, true} {
		ctx, cancel := withLazyDeadline(context.Background(), time.Hour)
		if wait {
			_ = ctx.Done()
		}
		cancel()
		cancel() // twice is harmless
		if !errors.Is(ctx.Err(), context.Canceled) {
			t.Errorf("armed %v: Err after cancel = %v", wait, ctx.Err())
		}
		select {
		case <-ctx.Done():
		default:
			t.Errorf("armed %v: Done open after cancel", wait)
		}
	}
}

func TestLazyDeadlineKeepsTheEarlierParentDeadline(t *testing.T) {
	parent, stop := context.WithTimeout(context.Background(), time.Minute)
	defer stop()
	ctx, cancel := withLazyDeadline(parent, time.Hour)
	defer cancel()
	pd, _ := parent.Deadline()
	if d, _ := ctx.Deadline(); !d.Equal(pd) {
		t.Errorf("Deadline %v, want the parent's %v", d, pd)
	}
}

// TestTimeoutArmsNoTimerForAnEntryCheck: a processor that only checks
// ctx.Err() (the rules) gets no timer; one that waits gets it, and its
// timeout is retryable as before (TestTimeoutIsRetryable).
func TestTimeoutArmsNoTimerForAnEntryCheck(t *testing.T) {
	var seen context.Context
	f := Func(func(ctx context.Context, in Input) (Output, error) { seen = ctx; return Output{}, ctx.Err() })
	if _, err := Chain(f, Timeout(time.Minute)).Process(context.Background(), Input{}); err != nil {
		t.Fatal(err)
	}
	if l, ok := seen.(*lazyDeadline); !ok || l.armed != nil {
		t.Errorf("the processor's context is %T, armed: %v", seen, ok && l.armed != nil)
	}
}

// BenchmarkTimeoutContext: one record's processing.timeout context under
// a cancellable parent (the consumer's work context), checked once.
func BenchmarkTimeoutContext(b *testing.B) {
	parent, stop := context.WithCancel(context.Background())
	defer stop()
	b.Run("WithTimeout", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ctx, cancel := context.WithTimeout(parent, 30*time.Second)
			_ = ctx.Err()
			cancel()
		}
	})
	b.Run("lazy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ctx, cancel := withLazyDeadline(parent, 30*time.Second)
			_ = ctx.Err()
			cancel()
		}
	})
}
