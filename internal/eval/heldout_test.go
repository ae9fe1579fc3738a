package eval

import (
	"os"
	"path/filepath"
	"testing"
)

func TestHeldOut(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"studied", "held"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "held", HeldOutMarker), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if HeldOut(filepath.Join(dir, "studied", "tickets.jsonl")) {
		t.Error("a set without HELDOUT is held out")
	}
	if !HeldOut(filepath.Join(dir, "held", "tickets.jsonl")) {
		t.Error("a set with HELDOUT is not held out")
	}
}
