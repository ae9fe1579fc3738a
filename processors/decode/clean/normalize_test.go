package clean

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	long := strings.Repeat("word ", 300) // 1500 runes
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"crlf and cr", "a\r\nb\rc", "a\nb\nc"},
		{"nfkc full-width and ligature", "ＳＫＵ ＡＢ－１２ ﬁle", "SKU AB-12 file"},
		{"no-break and other spaces", "2\u00a0x\u2003Widget\u3000A\u00a0\u00a0\u00a0B", "2 x Widget A  B"},
		{"zero-width and bidi marks", "HB\u200b-1\u200dKG\ufeff \u200eok\u00ad", "HB-1KG ok"},
		{"controls dropped, tab kept", "a\x00b\x07c\td\x1b", "abc\td"},
		{"space runs collapse to two, trailing trimmed", "a    b  \t \nc   d e", "a  b\nc  d e"},
		{"plain-text table columns survive", "SKU        Qty\nBW-01      3", "SKU  Qty\nBW-01  3"},
		{"blank line runs collapse", "\n\n\na\n\n\n\n\nb\n \n\t\nc\n\n", "a\n\nb\n\nc"},
		{"line separators", "a\u2028b\u2029c\u0085d", "a\nb\nc\nd"},
		{"invalid utf-8 dropped", "a\xffb\xc3", "ab"},
		{"joiner removal composes", "e\u200d\u0301", "é"},
		{"long line wraps at a space", long, strings.TrimSpace(strings.Repeat("word ", 200)) + "\n" + strings.TrimSpace(strings.Repeat("word ", 100))},
		{"long word cut hard", strings.Repeat("x", 2500), strings.Repeat("x", 1000) + "\n" + strings.Repeat("x", 1000) + "\n" + strings.Repeat("x", 500)},
		{"wrap leaves no blank line", "  " + strings.Repeat("C", 1500), "  " + strings.Repeat("C", 998) + "\n" + strings.Repeat("C", 502)},
		{"wrap at a double space trims", strings.Repeat("x", 997) + "  " + strings.Repeat("y", 10), strings.Repeat("x", 997) + "\n" + strings.Repeat("y", 10)},
		{"wrap at a tab trims", strings.Repeat("x", 990) + "\t\t" + strings.Repeat("y", 20), strings.Repeat("x", 990) + "\n" + strings.Repeat("y", 20)},
		{"all-tab run at a hard cut dropped", strings.Repeat("\t", 1500) + "x", strings.Repeat("\t", 500) + "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Normalize(tt.in)
			if got != tt.want {
				t.Errorf("Normalize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if again := Normalize(got); again != got {
				t.Errorf("not idempotent: %q -> %q", got, again)
			}
		})
	}
}

func TestNormalizeLineLimit(t *testing.T) {
	in := strings.Repeat("ą", 999) + " " + strings.Repeat("ż", 1500)
	for i, l := range strings.Split(Normalize(in), "\n") {
		if n := utf8.RuneCountInString(l); n > MaxLineRunes {
			t.Errorf("line %d has %d runes", i, n)
		}
	}
}
