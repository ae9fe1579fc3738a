package main

import (
	"strings"
	"testing"
)

// TestRunNeedsTheModuleRoot: run from anywhere but the module root (no
// labelled sets under it), the generator fails saying where to run it, and
// writes nothing.
func TestRunNeedsTheModuleRoot(t *testing.T) {
	out := t.TempDir()
	err := run(t.TempDir(), out)
	if err == nil || !strings.Contains(err.Error(), "run from the module root") {
		t.Errorf("run on an empty root: %v", err)
	}
}
