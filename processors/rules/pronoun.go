package rules

import "strings"

// maxAntecedentLines bounds how many lines before a reference ("6 of
// them") are searched for the goods it stands for.
const maxAntecedentLines = 5

// antecedent returns the goods a reference word stands for ("I'll take 6
// of them"): the nearest plural noun phrase before it, in before (the text
// of its line up to the reference), then in the earlier lines (nearest
// first), then in the subject. A noun phrase is a plural word (ending in
// "s", not a stop, skip, unit or non-product word) with up to three words
// before it, after a determiner or at the start of the text ("the little
// enamel mugs", "Those recycled notebooks") or after a count ("40 tealight
// holders"). It returns "" when there is
// none: a reference never becomes a product name itself.
func (c *extractorConfig) antecedent(before string, earlier []string, subject string) string {
	if p := c.nounPhrase(before); p != "" {
		return p
	}
	for k := len(earlier) - 1; k >= 0 && k >= len(earlier)-maxAntecedentLines; k-- {
		if p := c.nounPhrase(earlier[k]); p != "" {
			return p
		}
	}
	if p := c.nounPhrase(subject); p != "" {
		return p
	}
	// None plural: the goods may be one product, several of which are
	// wanted ("The “Moonlight” desk lamp is very nice. I need 3 of them").
	if p := c.namedThing(before); p != "" {
		return p
	}
	if k := len(earlier) - 1; k >= 0 {
		return c.namedThing(earlier[k])
	}
	return ""
}

// namedThing returns the last singular noun phrase of s that a determiner
// opens and a verb or punctuation closes: "the “Moonlight” desk lamp" in
// "The “Moonlight” desk lamp is very nice.", up to four words, quotation
// marks allowed.
func (c *extractorConfig) namedThing(s string) string {
	toks := c.lex(s)
	best := ""
	for d := 0; d < len(toks); d++ {
		if toks[d].kind != kWord || !determiners[toks[d].low] {
			continue
		}
		j, n := d+1, 0
		inName := func(t token) bool {
			return t.kind == kWord && !c.stopWords[t.low] && !c.skipWords[t.low] && !c.references[t.low] &&
				!c.unitWords[t.low] && !linkingVerbs[t.low]
		}
		for j < len(toks) && n < 4 && (inName(toks[j]) || isQuote(toks[j])) {
			if !isQuote(toks[j]) {
				n++
			}
			j++
		}
		if n >= 1 && !c.nonProduct.has(toks[j-1].low) && (j == len(toks) || toks[j].kind != kWord || c.stopWords[toks[j].low] || linkingVerbs[toks[j].low]) && toks[j-1].kind == kWord {
			best = strings.Join(strings.FieldsFunc(s[toks[d+1].start:toks[j-1].end], func(r rune) bool {
				return r == ' ' || strings.ContainsRune(quoteRunes, r)
			}), " ")
		}
		d = j - 1
	}
	return best
}

// determiners open a noun phrase that names one product; linking verbs
// close one ("the lamp looks lovely").
var (
	determiners  = map[string]bool{"the": true, "that": true, "this": true, "your": true}
	linkingVerbs = map[string]bool{"looks": true, "look": true, "looked": true, "seems": true, "seem": true,
		"sounds": true, "feels": true, "appears": true, "works": true, "fits": true}
)

// nounPhrase returns the last plural noun phrase of s (see antecedent).
func (c *extractorConfig) nounPhrase(s string) string {
	toks := c.lex(s)
	for h := len(toks) - 1; h >= 0; h-- {
		if !c.pluralNoun(toks[h]) {
			continue
		}
		first := h
		for first > 0 && h-first < 3 && c.modifier(toks[first-1]) {
			first--
		}
		if first == 0 || toks[first-1].kind == kWord && c.skipWords[toks[first-1].low] || toks[first-1].kind == kNum {
			return strings.TrimSpace(s[toks[first].start:toks[h].end])
		}
	}
	return ""
}

// pluralNoun reports a word that can head a plural noun phrase.
func (c *extractorConfig) pluralNoun(t token) bool {
	w := t.low
	return t.kind == kWord && len(w) >= 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!c.stopWords[w] && !c.skipWords[w] && !c.unitWords[w] && !c.nonProduct.has(w) && !c.references[w]
}

// modifier reports a word that can stand before the head of a noun phrase.
func (c *extractorConfig) modifier(t token) bool {
	return t.kind == kWord && !c.stopWords[t.low] && !c.skipWords[t.low] && !c.nonProduct.has(t.low) && !c.references[t.low]
}
