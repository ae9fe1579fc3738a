package main

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/triage/triage/internal/eval"
)

// TestDevFilesSkipHeldOut: the fit reads every studied frozen set and
// never one whose directory holds HELDOUT (the set scored once at the end).
func TestDevFilesSkipHeldOut(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"a/tickets.jsonl", "b/tickets.jsonl", "c/tickets.jsonl", "c/HELDOUT"} {
		p := filepath.Join(root, "internal/eval/testdata/frozen", f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := devFiles(root, eval.TaskRoute)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"internal/eval/testdata/frozen/a/tickets.jsonl", "internal/eval/testdata/frozen/b/tickets.jsonl"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("dev files %v, want %v", got, want)
	}
	if _, err := devFiles(t.TempDir(), eval.TaskRoute); err == nil {
		t.Error("no sets: no error")
	}
}
