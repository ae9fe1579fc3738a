package rules

import "regexp"

// sentenceEnd ends a sentence for local cues: ".", "!" or "?" before white
// space or the end, or a line break ("3.5 kg" and "INV-2.1" stay whole).
var sentenceEnd = regexp.MustCompile(`[.!?]+(?:\s|$)|\n`)

// negative is the non-order score of t. When items were read, a Local cue
// counts only if it fires in a sentence that holds a quantity (an anchor):
// a question, an invoice or a delivery in a sentence of its own is about
// something else than the goods ordered in the others. Without items, or
// without Local cues, it is the plain score.
func (c *extractorConfig) negative(t text, items bool) float64 {
	s := c.nonOrderCues
	total, _ := s.score(t)
	if !items || !c.localNeg {
		return total
	}
	counts := s.hits(t)
	veto := s.vetoed(make([]bool, len(s.signals)), &t)
	quantified := make([]bool, len(s.signals)) // a local cue seen in a sentence with a quantity
	for _, sent := range splitSentences(t.raw) {
		if len(c.anchors(c.lex(sent))) == 0 {
			continue
		}
		for i, n := range s.hits(newText(sent)) {
			quantified[i] = quantified[i] || n > 0
		}
	}
	total = 0
	for i, sg := range s.signals {
		if counts[i] > 0 && !veto[i] && (!sg.Local || quantified[i]) {
			total += sg.Weight
		}
	}
	return total
}

// splitSentences splits s at sentenceEnd.
func splitSentences(s string) []string {
	var out []string
	start := 0
	for _, m := range sentenceEnd.FindAllStringIndex(s, -1) {
		out = append(out, s[start:m[0]])
		start = m[1]
	}
	return append(out, s[start:])
}
