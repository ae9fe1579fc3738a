package failure

import (
	"errors"
	"runtime/debug"
	"strings"
	"testing"
	"unicode/utf8"
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
	if len(text) > MaxErrorText {
		t.Errorf("text %d bytes, want the stack clipped to fit %d", len(text), MaxErrorText)
	}
}

func TestPublishRefusedKeepsTheCause(t *testing.T) {
	cause := errors.New("TOPIC_AUTHORIZATION_FAILED")
	err := PublishRefused(cause)
	if Classify(err) != PublishRefusal || !errors.Is(err, cause) {
		t.Fatalf("reason %q, is cause %v", Classify(err), errors.Is(err, cause))
	}
}

// A real panic's error text fits a dead letter's error text whole, however
// large the value, and starts the stack at the function that panicked.
func TestPanickedTextFitsAndStartsAtThePanic(t *testing.T) {
	var err error
	func() {
		defer func() {
			if v := recover(); v != nil {
				err = Panicked(v, debug.Stack())
			}
		}()
		explode(strings.Repeat("é", 5000))
	}()
	text := err.Error()
	if len(text) > MaxErrorText || !utf8.ValidString(text) {
		t.Fatalf("text %d bytes (valid UTF-8 %v), want at most %d", len(text), utf8.ValidString(text), MaxErrorText)
	}
	value, stack, _ := strings.Cut(text, "\n")
	if !strings.HasPrefix(value, "panic: ééé") || !strings.HasSuffix(value, "…") {
		t.Errorf("value line %.60q…, want the clipped panic value", value)
	}
	if !strings.HasPrefix(stack, "github.com/triage/triage/internal/failure.explode(") {
		t.Errorf("stack starts with %.120q, want the frame that panicked", stack)
	}
	if ok, _ := IsRetryable(PublishRefused(Retryable(errors.New("x"), 0))); ok {
		t.Error("publish_refused is final, never retried")
	}
}

//go:noinline
func explode(s string) { panic(s) }
