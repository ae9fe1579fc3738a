package eval

import (
	"os"
	"path/filepath"
	"slices"
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

// TestStudiedFiles: the globs' matches, relative and sorted, without
// held-out sets and the files left out by name.
func TestStudiedFiles(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"b/tickets.jsonl", "a/tickets.jsonl", "c/tickets.jsonl", "held/tickets.jsonl", "held/" + HeldOutMarker, "a/emails.jsonl"} {
		p := filepath.Join(root, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := StudiedFiles(root, []string{"*/tickets.jsonl"}, "c/tickets.jsonl")
	if want := []string{"a/tickets.jsonl", "b/tickets.jsonl"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("StudiedFiles = %v, %v; want %v", got, err, want)
	}
	if _, err := StudiedFiles(root, []string{"[*"}); err == nil {
		t.Error("a malformed glob: no error")
	}
}
