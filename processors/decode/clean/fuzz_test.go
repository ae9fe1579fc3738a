package clean

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzClean checks that Clean never panics and that every Result keeps the
// invariants: valid UTF-8, consistent counts, and normalised parts. Its seed
// corpus is committed under testdata/fuzz/FuzzClean; the cleaning golden
// inputs are added too.
func FuzzClean(f *testing.F) {
	for _, s := range []string{
		"", "On Tue, 3 Nov 2026 at 10:02, Jane <j@x> wrote:\n> x", "-- \nJane", "> a\n>\n>\nb",
		"---------- Forwarded message ---------\nFrom: a\nDate: b\nSubject: c\n\n> > x\n>\n>\n> y",
		"FYI\n\nBegin forwarded message:\n\nBegin forwarded message:\n\nx", "Best,\n\u200b\ufeff",
	} {
		f.Add(s)
	}
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "clean", "*.txt"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, in string) {
		r := Clean(in)
		checkResult(t, in, r)
		for name, s := range map[string]string{"New": r.New, "Quoted": r.Quoted, "Signature": r.Signature} {
			if n := Normalize(s); n != s {
				t.Fatalf("%s not normalised: %q, normalised %q", name, s, n)
			}
		}
		if n := Normalize(in); Normalize(n) != n {
			t.Fatalf("Normalize not idempotent on %q", in)
		}
	})
}
