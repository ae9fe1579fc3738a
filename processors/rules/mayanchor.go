package rules

import (
	"fmt"
	"regexp"
	"strings"
)

// anchorHint tells whether a line can hold a quantity the lexer's anchors
// would find, when it holds no ASCII digit (a number token needs one): it
// needs a number word or multiplier ("twenty-five", "dozen"), a word of a
// quantity phrase ("a pair of"), an article after a word of SingleAfter
// ("order a ..."), with only white space between, or an article, a unit
// word and "of" ("a tub of"). One multire pass over
// the line looks for all of them, so that lines of prose are not lexed for
// nothing.
type anchorHint struct {
	set reList // case-insensitive: one of the words; a SingleAfter word, white space, "a"
}

func newAnchorHint(c *extractorConfig) (anchorHint, error) {
	var words, before, units []string
	for w := range c.numberWords {
		words = append(words, regexp.QuoteMeta(w))
	}
	for w := range c.multipliers {
		words = append(words, regexp.QuoteMeta(w))
	}
	for _, p := range c.qtyPhrases {
		longest := ""
		for _, w := range p.words {
			if len(w) > len(longest) {
				longest = w
			}
		}
		words = append(words, regexp.QuoteMeta(longest))
	}
	for w := range c.singleAfter {
		before = append(before, regexp.QuoteMeta(w))
	}
	for w := range c.unitWords {
		units = append(units, regexp.QuoteMeta(w))
	}
	var pats []string
	if len(units) > 0 {
		// "a tub of": an article, a unit word, "of"
		pats = append(pats, `(?i)an?[\t\n\v\f\r ]+(?:`+strings.Join(units, "|")+`)[\t\n\v\f\r ]+of`)
	}
	if len(words) > 0 {
		pats = append(pats, `(?i)(?:`+strings.Join(words, "|")+`)`)
	}
	if len(before) > 0 {
		// the white space lexGap skips between two tokens, in ASCII
		pats = append(pats, `(?i)(?:`+strings.Join(before, "|")+`)[\t\n\v\f\r ]*a`)
	}
	var res []*regexp.Regexp
	for _, p := range pats {
		re, err := regexp.Compile(p)
		if err != nil {
			return anchorHint{}, fmt.Errorf("quantity words: %w", err)
		}
		res = append(res, re)
	}
	set, err := newREList(res)
	return anchorHint{set: set}, err
}

// mayAnchor reports whether anchors(lex(line)) may find a quantity: false
// only when it certainly finds none. A line that is not ASCII is a maybe
// (lower-casing outside ASCII is not a byte map).
func (c *extractorConfig) mayAnchor(line string) bool {
	return !isASCIIString(line) || hasDigit(line) || c.anchorHint.set.any(line)
}
