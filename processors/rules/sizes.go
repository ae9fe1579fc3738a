package rules

import (
	"regexp"
	"strings"
)

// A size run: one product and its counts per size on one line,
// "T-shirts (navy): 3 S, 5 M, 2 XL", "- black: 4 S, 6 M, 2 L". Each count
// is an item of the product in that size; expandSizes rewrites the line so
// that the item reader reads them so: "3 x T-shirts S, 5 x T-shirts M,
// 2 x T-shirts XL" (the label's asides left out, the counts marked). The
// sizes are the clothing sizes, in letters or words.

// sizeWord is one size; sizeLine a line of a label, a colon and two or
// more counts of sizes; sizeCount one count and its size.
const sizeWord = `(?:xxxl|xxl|xxs|[2-5]xl|xl|xs|small|medium|med|large|s|m|l)`

var (
	sizeLine  = regexp.MustCompile(`(?i)^(\W*)([^:\n]{1,80}?)\s*:\s*((?:\d{1,4}\s*(?:x\s+)?` + sizeWord + `\b\s*(?:[,;/&]|and\b)?\s*){2,})\.?\s*$`)
	sizeCount = regexp.MustCompile(`(?i)(\d{1,4})\s*(?:x\s+)?(` + sizeWord + `)\b`)
	// aside is a parenthetical in the label, left out of the names
	aside = regexp.MustCompile(`\([^()]*\)`)
)

// expandSizes returns l with a size run written out as one item per size,
// or l unchanged when it holds none.
func expandSizes(l string) string {
	if !strings.Contains(l, ":") || !hasDigit(l) {
		return l
	}
	m := sizeLine.FindStringSubmatch(l)
	if m == nil {
		return l
	}
	label := strings.Join(strings.Fields(aside.ReplaceAllString(m[2], " ")), " ")
	var parts []string
	for _, c := range sizeCount.FindAllStringSubmatch(m[3], -1) {
		parts = append(parts, c[1]+" x "+label+" "+c[2]) // marked: read with or without a cue
	}
	return m[1] + strings.Join(parts, ", ")
}
