package eval

import (
	"os"
	"path/filepath"
)

// HeldOutMarker is the file whose presence in a labelled set's directory
// marks the set as held out: scored once, never fitted, trained or tuned
// on. Every tool that collects labelled sets (the calibration fit, the
// built-in routing model's training, the rules' golden test) skips such a
// directory.
const HeldOutMarker = "HELDOUT"

// HeldOut reports whether the labelled file at path is in a held-out
// set's directory.
func HeldOut(path string) bool {
	_, err := os.Stat(filepath.Join(filepath.Dir(path), HeldOutMarker))
	return err == nil
}
