package clean

import (
	"strings"
	"testing"
	"time"
)

// TestCleanLinear: hostile shapes of about 1 MB are cleaned in well under
// a second each (the line patterns are RE2, each line is looked at a
// bounded number of times).
func TestCleanLinear(t *testing.T) {
	shapes := map[string]string{
		"attribution starts": strings.Repeat("On Tue, 3 Nov 2026 at 10:02, Jane <j@x> said\n", 20000),
		"from lines":         strings.Repeat("From: a\nTo: b\n", 40000),
		"quoted":             strings.Repeat("> a\n", 200000),
		"sign-offs":          strings.Repeat("x\nThanks,\n", 60000),
		"forwards":           strings.Repeat("FYI\n---------- Forwarded message ---------\n", 20000),
		"one long line":      strings.Repeat("a", 1<<20),
		"colons":             strings.Repeat("Am 1 schrieb x y z:", 50000),
	}
	for name, in := range shapes {
		start := time.Now()
		r := Clean(in)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: %v", name, d)
		}
		checkResult(t, in, r)
	}
}
