package rules

import "testing"

func TestWordMatcher(t *testing.T) {
	m := newWordMatcher([]string{"Street", "*straße", "*gatan", "@", "*"})
	for _, tc := range []struct {
		w    string
		want bool
	}{
		{"street", true},
		{"streets", false},
		{"lindenstraße", true},
		{"straße", false}, // the bare suffix is not a compound
		{"drottninggatan", true},
		{"gatan", false},
		{"@", true},
		{"*", true},
		{"widget", false},
		{"", false},
	} {
		if got := m.has(tc.w); got != tc.want {
			t.Errorf("has(%q) = %v, want %v", tc.w, got, tc.want)
		}
	}
}
