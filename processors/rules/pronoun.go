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
// enamel mugs", "Those recycled notebooks"). It returns "" when there is
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
	return c.nounPhrase(subject)
}

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
		if first == 0 || toks[first-1].kind == kWord && c.skipWords[toks[first-1].low] {
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
