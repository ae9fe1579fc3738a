package rules

import "testing"

// TestDropTail: a trailing non-product word is cut off a name of four
// words or more, not off a short one (an address) nor after a number (a
// duration that belongs to the name).
func TestDropTail(t *testing.T) {
	c := defaultExtractor(t).cfg
	for in, want := range map[string]string{
		"cast iron pans 26cm left":     "cast iron pans 26cm",
		"High Street":                  "High Street",
		"seat licence 1 year":          "seat licence 1 year",
		"big blue garden chairs today": "big blue garden chairs today",
	} {
		if got := c.dropTail(in); got != want {
			t.Errorf("dropTail(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestVariantAt: "in <word>" before punctuation or the end is a variant,
// unless the word is a function, unit or non-product word or one of
// notVariants.
func TestVariantAt(t *testing.T) {
	c := defaultExtractor(t).cfg
	checkLines(t, "variantAt", c, map[string]bool{
		"200 in sand, same as before": true,
		"50 in XL":                    true,
		"2 in stock.":                 false,
		"2 in the box":                false,
		"4 in red mugs":               false,
	}, func(toks []token) bool { _, ok := c.variantAt(toks, 1); return ok })
}

// TestArticleAfterAnd: "and a/an" before a short name that ends the
// sentence is a count of one; before a longer phrase, or without "and",
// it is not.
func TestArticleAfterAnd(t *testing.T) {
	c := defaultExtractor(t).cfg
	checkLines(t, "articleAfterAnd", c, map[string]bool{
		"and a squirrel baffle.":          true,
		"and an oak stool":                true,
		"and a note of what they cost.":   false,
		"with a squirrel baffle.":         false,
		"and a very big blue box, thanks": false,
	}, func(toks []token) bool { _, ok := c.articleAfterAnd(toks, 1); return ok })
}

// checkLines runs f on the tokens of each line and compares with want.
func checkLines(t *testing.T, name string, c *extractorConfig, want map[string]bool, f func([]token) bool) {
	t.Helper()
	for line, w := range want {
		if got := f(c.lex(line)); got != w {
			t.Errorf("%s(%q) = %v, want %v", name, line, got, w)
		}
	}
}

// TestWithGoods: a name that is only an attribute takes the goods of the
// item before, less that item's own attribute.
func TestWithGoods(t *testing.T) {
	for _, tt := range []struct{ product, prev, want string }{
		{"size 44", "safety shoes size 42", "safety shoes size 44"},
		{"colour red", "mugs", "mugs colour red"},
		{"blue mugs", "red mugs", "blue mugs"},
		{"size 9", "size 8", "size 9"},
	} {
		if got := withGoods(tt.product, tt.prev); got != tt.want {
			t.Errorf("withGoods(%q, %q) = %q, want %q", tt.product, tt.prev, got, tt.want)
		}
	}
}
