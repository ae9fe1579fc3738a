package clean

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestNormalizeFastPath: every string normalASCII lets through unchanged is
// one normalize leaves unchanged, over 300,000 random strings of the
// characters that matter (spaces, tabs, line breaks, CR, other controls,
// DEL, letters) and lines around MaxLineRunes; and the fast path is taken
// for normal text, so the test can fail.
func TestNormalizeFastPath(t *testing.T) {
	const alphabet = "  \t\n\n\nab.\r\v\x7f\x00"
	r := rand.New(rand.NewPCG(10, 3))
	cases := []string{"", "a", "a\n\nb", "a  b", "  a", strings.Repeat("x", MaxLineRunes), strings.Repeat("x", MaxLineRunes+1),
		strings.Repeat("x ", MaxLineRunes/2) + "y", "a\n" + strings.Repeat("x", MaxLineRunes) + "\nb"}
	for range 300000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	// Longer lines of words and single or double spaces, now and then a
	// special character: the eight-byte steps meet every boundary.
	words := []string{"order ", "a ", "the  ", "x", "charged", " ", "\n", "\t", "   ", "12,50 "}
	for range 30000 {
		var b strings.Builder
		for range r.IntN(60) {
			if w := words[r.IntN(len(words))]; r.IntN(8) > 0 || len(w) > 2 {
				b.WriteString(w)
			} else {
				b.WriteByte(alphabet[r.IntN(len(alphabet))])
			}
		}
		cases = append(cases, b.String(), strings.Repeat("x", MaxLineRunes-8-r.IntN(16))+b.String())
	}
	fast := 0
	for _, s := range cases {
		if !normalASCII(s) {
			continue
		}
		fast++
		if n := normalize(s); n != s {
			t.Fatalf("normalASCII(%q) but normalize gives %q", s, n)
		}
	}
	if fast < 10000 {
		t.Fatalf("fast path taken %d times: the test shows nothing", fast)
	}
	for _, s := range []string{"Hello,\n\nmy card was charged twice.  Total\t12", "a\n\nb\n\nc"} {
		if !normalASCII(s) {
			t.Errorf("normalASCII(%q) = false, want the fast path", s)
		}
	}
}

// BenchmarkNormalize: a 1 KB ASCII ticket body, already normal (the fast
// path), with a CR in it (the full normalisation), and a 1 KB body like
// triage bench's (a few non-ASCII characters, a trailing space before each
// paragraph break, a plain-text table's column gaps).
//
//	go test -run XXX -bench Normalize ./processors/decode/clean/
func BenchmarkNormalize(b *testing.B) {
	body := strings.Repeat("Hello, my card was charged twice this month for invoice 1234. Please refund the duplicate. ", 11)[:1000]
	mixed := strings.Repeat("Total: €66,45 for 2 × Arabica 1 kg. Please refund the duplicate. \n\nQty 8   Earl Grey 500 g   £6.75 each ", 10)[:1000]
	for name, s := range map[string]string{"normal": body, "with_cr": body[:500] + "\r\n" + body[500:], "mixed": mixed} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				Normalize(s)
			}
		})
	}
}
