package rules

import "strings"

// Punctuation marks in an order line: parentheses (a code or size inside
// belongs to the product; an aside does not make the line prose), the
// times sign and quotation marks.

// parenGroup finds the ")" closing toks[open] within a few tokens and the
// first product code inside; end is -1 when there is none.
func parenGroup(toks []token, open, limit int) (end int, sku string) {
	for k := open + 1; k < limit && k-open < 8; k++ {
		switch {
		case toks[k].text == ")":
			return k, sku
		case toks[k].kind == kSKU && sku == "":
			sku = toks[k].sku()
		}
	}
	return -1, sku
}

// outsideParens counts the tokens of toks outside parentheses: an aside
// ("2 rubber shoes size 6 (for the twins)") does not make an item line
// prose.
func outsideParens(toks []token) int {
	n, depth := 0, 0
	for _, t := range toks {
		switch {
		case t.text == "(":
			depth++
		case t.text == ")" && depth > 0:
			depth--
		case depth == 0:
			n++
		}
	}
	return n
}

func isTimes(t token) bool {
	return (t.kind == kWord || t.kind == kPunct) && (t.low == "x" || t.low == "×")
}

// isQuote reports an opening or closing quotation mark.
func isQuote(t token) bool {
	return t.kind == kPunct && strings.Contains(quoteRunes, t.text)
}

// quoteRunes are the quotation marks isQuote knows.
const quoteRunes = "'\"“”‘’«»„"
