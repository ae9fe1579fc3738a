package clean

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestNormalizeMatchesReference: normalize, with its shortcuts (no Unicode
// pass on text that is already normal, lines squeezed a run of text at a
// time into one buffer), gives what the plain implementation it replaced gives, over
// 300,000 random strings of the characters that matter (spaces of every
// kind, tabs, line breaks and separators, controls, format characters,
// composable marks and jamo, compatibility forms inside and outside the
// BMP, invalid bytes) and the golden
// cleaning inputs; and both the shortcut and the full pass are taken.
func TestNormalizeMatchesReference(t *testing.T) {
	alphabet := []string{" ", " ", "  ", "\t", "\n", "\n\n", "a", "b", "é", "e", "\u0301", "\r", "\r\n", "\v", "\x00", "\x7f",
		"\u00a0", "\u2003", "\u3000", "\u1680", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u2028", "\u0085", "Ａ", "ﬁ", "€", "\ufffd", "\xff", "\xc3",
		"\u1100", "\u1161", "\u11a8", "\uac00", "\u212b", "Å", "A\u030a", "\u3099", "\u304b", "\u0915", "\u093c", "\U0001d400", "\U0001f600", "\u00bd", "£", "×"}
	r := rand.New(rand.NewPCG(11, 4))
	cases := []string{"", "a  b \n\nc", "zażółć  gęślą\t \njaźń", strings.Repeat("ą ", 700), strings.Repeat("x", 999) + "   \t y",
		strings.Repeat("ab\u00a0 ", 260) + "\n\n\n" + strings.Repeat("\t", 1200) + "z", strings.Repeat("é", 1001) + "  ", "  " + strings.Repeat("x  ", 400)}
	for range 300000 {
		var b strings.Builder
		for range r.IntN(16) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	// Longer lines of mostly words and single spaces, where whole words of
	// eight bytes are skipped, broken anywhere by the characters above.
	words := []string{"order", "a", "the", "charged", "twice.", "Please", "x", "12,50"}
	for range 30000 {
		var b strings.Builder
		for range r.IntN(120) {
			if r.IntN(6) > 0 {
				b.WriteString(words[r.IntN(len(words))] + " ")
			} else {
				b.WriteString(alphabet[r.IntN(len(alphabet))])
			}
		}
		cases = append(cases, b.String())
	}
	var fast, slow int
	for _, s := range cases {
		if unicodeNormal(s) {
			fast++
		} else {
			slow++
		}
		if got, want := normalize(s), reference(s); got != want {
			t.Fatalf("normalize(%q) = %q, the reference gives %q", s, got, want)
		}
	}
	if fast < 10000 || slow < 10000 {
		t.Fatalf("shortcut taken %d times, full pass %d: the test shows nothing", fast, slow)
	}
}

// reference is normalize as it was before its shortcuts.
func reference(s string) string {
	s = lineBreaks.Replace(strings.ToValidUTF8(s, ""))
	s = norm.NFKC.String(strings.Map(keep, norm.NFKC.String(s)))
	var b strings.Builder
	blank := 0
	for line := range strings.SplitSeq(s, "\n") {
		var l strings.Builder
		spaces := 0
		for _, r := range line {
			if r != '\t' && unicode.IsSpace(r) {
				spaces++
				continue
			}
			l.WriteString("  "[:min(spaces, 2)])
			spaces = 0
			l.WriteRune(r)
		}
		line = strings.TrimRight(l.String(), " \t")
		if line == "" {
			if b.Len() > 0 {
				blank++
			}
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
			if blank > 0 {
				b.WriteString("\n")
			}
		}
		blank = 0
		b.Write(wrap(nil, line))
	}
	if !utf8.ValidString(b.String()) {
		panic("reference: invalid UTF-8")
	}
	return b.String()
}
