package failure

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"
)

// MaxErrorText is the most bytes of error text a dead letter keeps.
const MaxErrorText = 2048

// maxPanicValue is how much of a panic value's text an error keeps, so the
// stack always has room.
const maxPanicValue = 256

// Panicked turns a recovered panic value and its stack (debug.Stack())
// into a permanent error with reason panic. Its text, "panic: <value>\n
// <stack>", fits MaxErrorText whole: the value is clipped to 256 bytes and
// the stack starts at the frame that panicked (the frames of the recovery
// and of the runtime's panic are dropped) and is clipped to the rest.
func Panicked(v any, stack []byte) error {
	value := clip(fmt.Sprint(v), maxPanicValue)
	if i := bytes.Index(stack, []byte("\npanic(")); i >= 0 {
		// Skip the runtime's "panic(...)" line and its file:line line.
		rest := stack[i+1:]
		for range 2 {
			if j := bytes.IndexByte(rest, '\n'); j >= 0 {
				rest = rest[j+1:]
			}
		}
		stack = rest
	}
	head := value + "\n"
	room := MaxErrorText - len(Panic) - len(": ") - len(head) - len("…")
	return BadInput(Panic, errors.New(head+clip(string(stack), room)))
}

// clip cuts s to at most n bytes at a rune boundary, marking a cut with "…".
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	n = max(n, 0)
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// PublishRefused marks err, a broker's final refusal of a record's outputs
// (too large, invalid, not authorised, unknown topic), as reason
// publish_refused: the record goes to the dead-letter topic instead.
func PublishRefused(err error) error { return BadInput(PublishRefusal, err) }
