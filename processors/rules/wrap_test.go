package rules

import (
	"slices"
	"strings"
	"testing"
)

// TestUnwrap: a line ending on an open word or a count's unit joins a
// next line that starts in lower case; a closed line, or a next line in
// upper case or a list entry, stays apart.
func TestUnwrap(t *testing.T) {
	c := defaultExtractor(t).cfg
	for _, tt := range []struct{ in, want []string }{
		{[]string{"please send 6 of the", "brass hooks and 20 pcs", "wall plugs."}, []string{"please send 6 of the brass hooks and 20 pcs wall plugs."}},
		{[]string{"Please send 6 brass hooks", "and 20 wall plugs"}, []string{"Please send 6 brass hooks", "and 20 wall plugs"}},
		{[]string{"We need the", "Brass hooks"}, []string{"We need the", "Brass hooks"}},
		{[]string{"Order for", "- 3 x mugs"}, []string{"Order for", "- 3 x mugs"}},
		{[]string{"", "x"}, []string{"", "x"}},
		{[]string{"2 rubber boots (for the twins)", "thanks!"}, []string{"2 rubber boots (for the twins)", "thanks!"}},
	} {
		if got := c.unwrap(slices.Clone(tt.in)); !slices.Equal(got, tt.want) {
			t.Errorf("unwrap(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLastFieldIsFields checks lastField against strings.Fields on every
// labelled line and on white space and invalid UTF-8 of all kinds.
func TestLastFieldIsFields(t *testing.T) {
	lines := []string{"", " ", "a", " a b ", "x\u00a0y\u2028", "\xe2\xc2\xa0z", "\xe2\x80 q\xff", "end\t\n", "a\u3000b"}
	for _, in := range goldenInputs(t) {
		lines = append(lines, strings.Split(in.Body, "\n")...)
	}
	for _, l := range lines {
		f := strings.Fields(l)
		last, before := lastField(l)
		prev, _ := lastField(before)
		var wantLast, wantPrev string
		if n := len(f); n > 0 {
			wantLast = f[n-1]
			if n > 1 {
				wantPrev = f[n-2]
			}
		}
		if last != wantLast || prev != wantPrev {
			t.Fatalf("lastField(%q) = %q then %q, want %q then %q", l, last, prev, wantLast, wantPrev)
		}
	}
}
