package clean

import (
	"strings"
	"testing"
)

// hostile are inputs of about 1 MB shaped to make a careless cleaner
// quadratic. Cleaning is linear (RE2 line patterns, each line looked at a
// bounded number of times); BenchmarkCleanHostile measures it, the test
// below only checks the results, so a slow machine cannot make it flaky.
var hostile = map[string]string{
	"attribution starts": strings.Repeat("On Tue, 3 Nov 2026 at 10:02, Jane <j@x> said\n", 20000),
	"from lines":         strings.Repeat("From: a\nTo: b\n", 40000),
	"quoted":             strings.Repeat("> a\n", 200000),
	"sign-offs":          strings.Repeat("x\nThanks,\n", 60000),
	"forwards":           strings.Repeat("FYI\n---------- Forwarded message ---------\n", 20000),
	"one long line":      strings.Repeat("a", 1<<20),
	"colons":             strings.Repeat("Am 1 schrieb x y z:", 50000),
}

func TestCleanHostileShapes(t *testing.T) {
	for name, in := range hostile {
		t.Run(name, func(t *testing.T) { checkResult(t, in, Clean(in)) })
	}
}

// BenchmarkCleanHostile: go test -run XXX -bench CleanHostile ./processors/decode/clean/
// reports the time per 1 MB hostile input next to a plain 1 MB email.
func BenchmarkCleanHostile(b *testing.B) {
	plain := strings.Repeat("Hello, please send 3 x Blue Widget at $4.00 each.\n", 20000)
	b.Run("plain", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Clean(plain)
		}
	})
	for name, in := range hostile {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				Clean(in)
			}
		})
	}
}
