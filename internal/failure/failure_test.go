package failure

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	base := errors.New("boom")
	tests := []struct {
		name      string
		err       error
		reason    Reason
		retryable bool
		after     time.Duration
	}{
		{"nil", nil, "", false, 0},
		{"plain", base, ProcessorError, false, 0},
		{"bad input wrapped", fmt.Errorf("decode: %w", BadInput(InvalidJSON, base)), InvalidJSON, false, 0},
		{"retryable", Retryable(base, 0), ProcessorError, true, 0},
		{"retry after", fmt.Errorf("llm: %w", Retryable(base, 3*time.Second)), ProcessorError, true, 3 * time.Second},
		{"canceled", fmt.Errorf("x: %w", context.Canceled), Canceled, false, 0},
		{"canceled inside retryable", Retryable(context.Canceled, time.Second), Canceled, false, 0},
		{"deadline is not cancel", context.DeadlineExceeded, ProcessorError, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(tt.err); got != tt.reason {
				t.Errorf("Classify = %q, want %q", got, tt.reason)
			}
			r, after := IsRetryable(tt.err)
			if r != tt.retryable || after != tt.after {
				t.Errorf("IsRetryable = %v,%v want %v,%v", r, after, tt.retryable, tt.after)
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	err := BadInput(TooLarge, errors.New("2000000 bytes > 1048576"))
	if got := err.Error(); got != "too_large: 2000000 bytes > 1048576" {
		t.Errorf("got %q", got)
	}
	if got := Retryable(errors.New("429"), time.Second).Error(); got != "retryable (after 1s): 429" {
		t.Errorf("got %q", got)
	}
}
