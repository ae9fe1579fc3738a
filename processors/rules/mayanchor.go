package rules

import "strings"

// anchorHint is what a line must contain for the lexer's anchors to find a
// quantity in it, when it holds no ASCII digit (a number token needs one):
// a number word or multiplier ("twenty-five", "dozen"), a word of a
// quantity phrase ("a pair of"), or an article after a word of
// SingleAfter ("order a ..."). extractorConfig.mayAnchor tests it with
// substring searches, so that lines of prose are not lexed for nothing.
type anchorHint struct {
	words  []string // a number word, multiplier or phrase word: one must occur
	before []string // SingleAfter words, one of which must come before "a"
	always bool     // a word is empty: every line may hold a quantity
}

func newAnchorHint(c *extractorConfig) anchorHint {
	var h anchorHint
	for w := range c.numberWords {
		h.words = append(h.words, w)
	}
	for w := range c.multipliers {
		h.words = append(h.words, w)
	}
	for _, p := range c.qtyPhrases {
		longest := ""
		for _, w := range p.words {
			if len(w) > len(longest) {
				longest = w
			}
		}
		h.words = append(h.words, longest)
	}
	for w := range c.singleAfter {
		h.before = append(h.before, w)
	}
	for _, w := range append(append([]string{}, h.words...), h.before...) {
		h.always = h.always || w == ""
	}
	return h
}

// mayAnchor reports whether anchors(lex(line)) may find a quantity: false
// only when it certainly finds none. A line that is not ASCII is a maybe
// (lower-casing outside ASCII is not a byte map).
func (c *extractorConfig) mayAnchor(line string) bool {
	h := &c.anchorHint
	if h.always || !isASCIIString(line) || hasDigit(line) {
		return true
	}
	low := lowerASCII(line)
	for _, w := range h.words {
		if strings.Contains(low, w) {
			return true
		}
	}
	for _, w := range h.before {
		for at := strings.Index(low, w); at >= 0; {
			j := at + len(w)
			for j < len(low) && (isSpaceByte(low[j]) || low[j] == '\v') {
				j++ // the white space lexGap skips between two tokens
			}
			if j < len(low) && low[j] == 'a' {
				return true // "order a dozen", "take an extra"
			}
			next := strings.Index(low[at+1:], w)
			if next < 0 {
				break
			}
			at += 1 + next
		}
	}
	return false
}
