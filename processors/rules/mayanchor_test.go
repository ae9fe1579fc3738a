package rules

import (
	"strings"
	"testing"
)

// TestMayAnchorIsSafe checks that every labelled line, and every sentence
// of every labelled text, that mayAnchor rules out holds no anchor, under
// each shipped rules file, and that it rules out some.
func TestMayAnchorIsSafe(t *testing.T) {
	var texts []string
	for _, in := range goldenInputs(t) {
		text := in.Subject + "\n" + in.Body
		texts = append(texts, strings.Split(text, "\n")...)
		texts = append(texts, splitSentences(text)...)
	}
	texts = append(texts, "we order a dozen", "Take\t\van extra", "twenty-five", "half", "order\n a")
	for _, rf := range goldenRules {
		r, err := Load(rf)
		if err != nil {
			t.Fatal(err)
		}
		c := NewExtractor(r).cfg
		out := 0
		for _, l := range texts {
			if c.mayAnchor(l) {
				continue
			}
			out++
			if a := c.anchors(c.lex(l)); len(a) > 0 {
				t.Fatalf("%s: mayAnchor(%q) is false, but it holds %+v", rf, l, a)
			}
		}
		if out < len(texts)/10 {
			t.Errorf("%s: only %d of %d texts ruled out", rf, out, len(texts))
		}
		t.Logf("%s: %d of %d texts ruled out", rf, out, len(texts))
	}
}
