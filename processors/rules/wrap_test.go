package rules

import (
	"slices"
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
