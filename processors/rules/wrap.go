package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Soft-wrapped lines: a mail client or a phone breaks a long sentence
// where it likes ("Can you send 12 pcs of the telescopic\nlanding net
// 2.4m, and 40 pcs\nbait boxes."). A line that ends in the middle of a
// phrase (on an article, a preposition or a conjunction, or one word
// after one, or on a count and its unit) and is followed by a line that starts in lower case is one line.

// openEnds are the words a line cannot end a sentence on.
var openEnds = map[string]bool{"the": true, "a": true, "an": true, "of": true, "and": true, "or": true,
	"with": true, "for": true, "to": true, "in": true, "x": true, "×": true}

// unwrap joins the soft-wrapped lines of lines.
func (c *extractorConfig) unwrap(lines []string) []string {
	out := lines[:0:0]
	for _, l := range lines {
		if n := len(out); n > 0 && c.openEnd(out[n-1]) && startsLower(l) {
			out[n-1] = strings.TrimRight(out[n-1], " \t") + " " + strings.TrimLeft(l, " \t")
			continue
		}
		out = append(out, l)
	}
	return out
}

// openEnd says whether line ends on an open word or on a count and its
// unit ("40 pcs").
func (c *extractorConfig) openEnd(line string) bool {
	lastF, rest := lastField(line)
	if lastF == "" {
		return false
	}
	prevF, _ := lastField(rest)
	last := strings.ToLower(lastF)
	if openEnds[last] || prevF != "" && openEnds[strings.ToLower(prevF)] && isWord(last) {
		return true // "… of the", "… of the folding"
	}
	return prevF != "" && c.unitWords[last] && isDigits(prevF)
}

// lastField returns the last of strings.Fields(s), "" when there is none,
// and the text before it.
func lastField(s string) (field, before string) {
	end := len(s)
	for end > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	start := end
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:start])
		if unicode.IsSpace(r) {
			break
		}
		start -= size
	}
	return s[start:end], s[:start]
}

// startsLower says whether s starts, after indentation, with a lower-case
// letter.
func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(s, " \t"))
	return unicode.IsLower(r)
}

// isWord says whether s is letters and digits only.
func isWord(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}
