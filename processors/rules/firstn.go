package rules

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// "Please process the first three items below": a forwarder who orders
// part of a forwarded list. The phrase is no item itself, and only the
// first N items read are ordered.

// firstItems finds the phrase: "the first 3 items", "first two lines
// below", "only the first four".
var firstItems = regexp.MustCompile(`(?i)\b(?:only\s+)?(?:the\s+)?first\s+(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:items?|lines?|things?|entries|products?|ones)\b(?:\s+(?:below|above|listed|on\s+the\s+list))?`)

// firstN blanks the first "first N items" phrase of lines (in place) and
// returns N, or 0 when there is none.
func (c *extractorConfig) firstN(lines []string) int {
	for i, l := range lines {
		if !hasFirst(l) {
			continue
		}
		m := firstItems.FindStringSubmatchIndex(l)
		if m == nil {
			continue
		}
		w := strings.ToLower(l[m[2]:m[3]])
		n, err := strconv.Atoi(w)
		if err != nil {
			n = c.numberWords[w]
		}
		lines[i] = l[:m[0]] + strings.Repeat(" ", m[1]-m[0]) + l[m[1]:]
		return n
	}
	return 0
}

// hasFirst says whether strings.ToLower(l) holds "first", as the
// expression needs, without lowering an ASCII line (a copy per line);
// a line with other letters is lowered ("FİRST" lowers to "first").
func hasFirst(l string) bool {
	const w = "first"
	for i := 0; i < len(l); i++ {
		if l[i] >= utf8.RuneSelf {
			return strings.Contains(strings.ToLower(l), w)
		}
	}
	for i := 0; i+len(w) <= len(l); i++ {
		j := 0
		for j < len(w) && l[i+j]|0x20 == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}
