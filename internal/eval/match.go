package eval

import (
	"strings"
	"unicode"

	"github.com/triage/triage/processors"
)

// ItemMatches is the project's item matcher: the quantities are equal, and
// either both SKUs are set and equal (ignoring case, surrounding space and a
// leading '#'), or both product names are set and one contains the other
// after lower-casing and collapsing white space.
func ItemMatches(want, got processors.Item) bool {
	if want.Quantity != got.Quantity {
		return false
	}
	ws, gs := normSKU(want.SKU), normSKU(got.SKU)
	if ws != "" && ws == gs {
		return true
	}
	wp, gp := normName(want.Product), normName(got.Product)
	return wp != "" && gp != "" && (strings.Contains(wp, gp) || strings.Contains(gp, wp))
}

func normSKU(s string) string {
	return strings.ToLower(strings.TrimLeft(strings.TrimSpace(s), "#"))
}

func normName(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// Overlap is the word-overlap item matcher of issue 11. When the
// quantities are equal, it returns the number of product words (see
// ProductWords) the two items share if that is at least half of the words
// of the item with fewer words; otherwise 0 (no match). The SKU is among an
// item's words, so a SKU written as the other side's name still matches.
func Overlap(want, got processors.Item) int {
	if want.Quantity != got.Quantity {
		return 0
	}
	w, g := ProductWords(want), ProductWords(got)
	n := 0
	for x := range w {
		if g[x] {
			n++
		}
	}
	if n == 0 || 2*n < min(len(w), len(g)) {
		return 0
	}
	return n
}

// stopWords are left out of product words: articles, prepositions, order
// words and pack or unit words that say nothing about which product it is.
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "and": true, "or": true, "for": true, "with": true,
	"in": true, "on": true, "to": true, "x": true, "each": true, "per": true, "please": true, "order": true,
	"pcs": true, "pc": true, "piece": true, "nos": true, "no": true, "unit": true, "qty": true,
	"box": true, "pack": true, "case": true, "bag": true, "set": true, "pair": true, "item": true,
}

// ProductWords is the set of words of an item's product name and SKU:
// lower-cased runs of letters and digits, a SKU also as a whole (without
// '#'), plural endings cut from words of four letters or more ("-ies" to
// "-y"; "-es" after x, ch, sh; "-s" but not "-ss"), and stopWords and words
// of one letter left out.
func ProductWords(it processors.Item) map[string]bool {
	out := map[string]bool{}
	for _, w := range Words(it.Product + " " + it.SKU) {
		out[w] = true
	}
	if s := normSKU(it.SKU); s != "" {
		out[s] = true
	}
	return out
}

// Words splits s into the words ProductWords keeps, in order.
func Words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		w = singular(w)
		if len([]rune(w)) > 1 && !stopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

func singular(w string) string {
	switch {
	case len(w) < 4 || strings.HasSuffix(w, "ss"):
		return w
	case strings.HasSuffix(w, "ies"):
		return strings.TrimSuffix(w, "ies") + "y"
	case strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return strings.TrimSuffix(w, "es")
	case strings.HasSuffix(w, "s"):
		return strings.TrimSuffix(w, "s")
	}
	return w
}
