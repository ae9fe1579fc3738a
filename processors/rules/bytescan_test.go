package rules

import (
	"strings"
	"testing"
)

// TestLowAtIsToLower checks lex's lower-casing without allocation against
// strings.ToLower on every word-sized stretch of every labelled line,
// invalid UTF-8 and non-ASCII letters included.
func TestLowAtIsToLower(t *testing.T) {
	lines := []string{"Ölflasche 3 STK", "KELVIN \u212a sign", "bad \xff\xfeBYTES", "ÀB-12 x3", ""}
	for _, in := range goldenInputs(t) {
		lines = append(lines, strings.Split(in.Subject+"\n"+in.Body, "\n")...)
	}
	n := 0
	for _, l := range lines {
		low := lowerASCII(l)
		if len(low) != len(l) {
			t.Fatalf("lowerASCII(%q) = %q: length changed", l, low)
		}
		for s := 0; s < len(l); s += 7 {
			for e := s; e <= len(l) && e <= s+24; e += 3 {
				if got, want := lowAt(l, low, s, e), strings.ToLower(l[s:e]); got != want {
					t.Fatalf("lowAt(%q, %d, %d) = %q, want %q", l, s, e, got, want)
				}
				n++
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d stretches compared", n)
	}
}

// TestByteHelpersAreStrings compares the lexer's byte searches with the
// strings functions they stand for, on every labelled line.
func TestByteHelpersAreStrings(t *testing.T) {
	lines := []string{"", " ", "\t", "a\xff,b", "1.000,5", "x\ty z|w"}
	for _, in := range goldenInputs(t) {
		lines = append(lines, strings.Split(in.Body, "\n")...)
	}
	for _, l := range lines {
		if hasDigit(l) != strings.ContainsAny(l, "0123456789") || hasEither(l, '.', ',') != strings.ContainsAny(l, ".,") ||
			hasEither(l, '|', '\t') != strings.ContainsAny(l, "|\t") ||
			firstBlank(l) != strings.IndexAny(l, " \t") || lastBlank(l) != strings.LastIndexAny(l, " \t") {
			t.Fatalf("byte helpers disagree with package strings on %q", l)
		}
	}
}
