package rules

// A sentence for local cues ends at a run of ".", "!" or "?" before white
// space or the end of the text (the run and that one space end it), or at a
// line break: "3.5 kg" and "INV-2.1" stay whole. It is the expression
// `[.!?]+(?:\s|$)|\n`, written as a scan (TestSplitSentencesIsTheExpression).

// negative is the non-order score of t, whose first line is the subject.
// When items were read, a Local cue counts only if it fires in the subject
// or in a sentence that holds a quantity (an anchor):
// a question, an invoice or a delivery in a sentence of its own is about
// something else than the goods ordered in the others. Without items, or
// without Local cues, it is the plain score.
//
// The cues of t are matched once; a sentence is lexed for its anchors only
// when one of the Local cues that fired in t fires in it, since no other
// sentence can change the score.
func (c *extractorConfig) negative(t text, items bool) float64 {
	s := c.nonOrderCues
	s.prepare(&t)
	counts := s.hits(t)
	veto := s.vetoed(make([]bool, len(s.signals)), &t)
	local := make([]bool, len(s.signals)) // a Local cue that counts in t: its sentences must be read
	open := 0                             // Local cues not yet seen in a sentence with a quantity
	if items && c.localNeg {
		for i, sg := range s.signals {
			if sg.Local && counts[i] > 0 && !veto[i] {
				local[i] = true
				open++
			}
		}
	}
	if open > 0 {
		for k, sent := range splitSentences(t.raw) {
			h := s.hits(newText(sent))
			fires := false
			for i, n := range h {
				fires = fires || local[i] && n > 0
			}
			// the first line is the subject, which says what the whole
			// email is about ("Remittance advice – INV-3321"): it counts
			// with or without a quantity
			if !fires || k > 0 && (!c.mayAnchor(sent) || len(c.anchors(c.lex(sent))) == 0) {
				continue
			}
			for i, n := range h {
				if local[i] && n > 0 {
					local[i] = false // quantified: it counts
					open--
				}
			}
			if open == 0 {
				break
			}
		}
	}
	var total float64
	for i, sg := range s.signals {
		if counts[i] > 0 && !veto[i] && !local[i] {
			total += sg.Weight
		}
	}
	return total
}

// splitSentences splits s at sentence ends (see above), dropping them.
func splitSentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '\n':
			out, start, i = append(out, s[start:i]), i+1, i+1
		case c == '.' || c == '!' || c == '?':
			j := i
			for j < len(s) && (s[j] == '.' || s[j] == '!' || s[j] == '?') {
				j++
			}
			switch {
			case j == len(s):
				out, start, i = append(out, s[start:i]), j, j
			case isSpaceByte(s[j]):
				out, start, i = append(out, s[start:i]), j+1, j+1
			default:
				i = j
			}
		default:
			i++
		}
	}
	return append(out, s[start:])
}
