package failure

import (
	"errors"
	"strings"
	"testing"
)

func TestPanickedClassifiesAndClipsTheStack(t *testing.T) {
	stack := []byte(strings.Repeat("frame\n", 2000))
	err := Panicked("index out of range", stack)
	if Classify(err) != Panic {
		t.Fatalf("reason %q, want panic", Classify(err))
	}
	if ok, _ := IsRetryable(err); ok {
		t.Error("a panic must not be retried")
	}
	text := err.Error()
	if !strings.Contains(text, "index out of range") || !strings.Contains(text, "frame") {
		t.Errorf("text lacks the value or the stack: %.80q", text)
	}
	if len(text) > maxStack+200 {
		t.Errorf("text %d bytes, want the stack clipped to %d", len(text), maxStack)
	}
}

func TestPublishRefusedKeepsTheCause(t *testing.T) {
	cause := errors.New("TOPIC_AUTHORIZATION_FAILED")
	err := PublishRefused(cause)
	if Classify(err) != PublishRefusal || !errors.Is(err, cause) {
		t.Fatalf("reason %q, is cause %v", Classify(err), errors.Is(err, cause))
	}
}
