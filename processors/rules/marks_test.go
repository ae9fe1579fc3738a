package rules

import "testing"

// TestOutsideParens: an aside in parentheses does not count towards a
// line's length; an unbalanced ")" counts as a token.
func TestOutsideParens(t *testing.T) {
	ex := defaultExtractor(t)
	for _, tt := range []struct {
		line string
		want int
	}{
		{"2 rubber shoes (for the twins)", 3},
		{"2 rubber shoes ) x", 5},
		{"(a (b) c) d", 1},
	} {
		if got := outsideParens(ex.cfg.lex(tt.line)); got != tt.want {
			t.Errorf("outsideParens(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}
