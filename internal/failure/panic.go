package failure

import (
	"fmt"
)

// maxStack is how much of a panic's stack an error keeps: enough for the
// frames that matter, small enough for a dead letter's error text.
const maxStack = 1500

// Panicked turns a recovered panic value and its stack into a permanent
// error with reason panic. Its text is the value, then the stack clipped to
// its first maxStack bytes (the frames nearest the panic).
func Panicked(v any, stack []byte) error {
	if len(stack) > maxStack {
		stack = append(stack[:maxStack:maxStack], "…"...)
	}
	return BadInput(Panic, fmt.Errorf("panic: %v\n%s", v, stack))
}

// PublishRefused marks err, a broker's final refusal of a record's outputs
// (too large, invalid, not authorised, unknown topic), as reason
// publish_refused: the record goes to the dead-letter topic instead.
func PublishRefused(err error) error { return BadInput(PublishRefusal, err) }
