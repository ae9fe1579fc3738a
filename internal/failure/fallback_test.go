package failure

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestFallbackReason(t *testing.T) {
	tests := []struct {
		err  error
		want Fallback
	}{
		{errors.New("connection reset"), UpstreamError},
		{fmt.Errorf("call: %w", context.DeadlineExceeded), Timeout},
		{WithFallback(RateLimited, Retryable(errors.New("429"), time.Second)), RateLimited},
		{fmt.Errorf("llm: %w", WithFallback(BadAnswer, errors.New("queue not configured"))), BadAnswer},
		{WithAttempts(WithFallback(BreakerOpen, errors.New("open")), 1), BreakerOpen},
	}
	for _, tt := range tests {
		t.Run(string(tt.want)+"/"+tt.err.Error(), func(t *testing.T) {
			if got := FallbackReason(tt.err); got != tt.want {
				t.Errorf("FallbackReason = %q, want %q", got, tt.want)
			}
		})
	}
	r, after := IsRetryable(WithFallback(RateLimited, Retryable(errors.New("429"), 2*time.Second)))
	if !r || after != 2*time.Second {
		t.Errorf("retry hint lost through WithFallback: %v %v", r, after)
	}
}
