package rules

import (
	"regexp"
	"testing"
)

// TestREListHits checks that hits and any answer as running each regexp's
// MatchString in turn would, including for an empty list.
func TestREListHits(t *testing.T) {
	var res []*regexp.Regexp
	for _, p := range []string{`^\s*--\s*$`, `(?i)\border\s+#?\d+`, `\bSKU-\d+`, `€\s?\d`} {
		res = append(res, regexp.MustCompile(p))
	}
	l, err := newREList(res)
	if err != nil {
		t.Fatal(err)
	}
	empty, err := newREList(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"", "--", "  -- ", "ORDER #123 and SKU-9", "sku-9", "costs € 5", "xSKU-1", "\xff--"} {
		got := l.hits(s, nil)
		anyWant := false
		for i, re := range res {
			if want := re.MatchString(s); got[i] != want {
				t.Errorf("%q: pattern %q: got %v, want %v", s, re, got[i], want)
			}
			anyWant = anyWant || re.MatchString(s)
		}
		if l.any(s) != anyWant {
			t.Errorf("%q: any %v, want %v", s, l.any(s), anyWant)
		}
		if empty.any(s) || len(empty.hits(s, nil)) != 0 {
			t.Errorf("%q: the empty list matched", s)
		}
	}
	buf := make([]bool, 0, 8)
	if got := l.hits("SKU-1", buf); &got[0] != &buf[:1][0] {
		t.Error("hits did not use the buffer it was given")
	}
}
