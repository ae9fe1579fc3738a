package rules

import "strings"

// Where a product name ends: a long name read on into the prose after it
// loses its trailing non-product word, and an elliptic item ("and 200 in
// sand") names the goods before it in another variant.

// minTailWords is how many words a product name needs for a trailing
// non-product word to be cut off rather than to reject it.
const minTailWords = 4

// dropTail cuts a trailing non-product word off a long product name read
// on into the prose after it ("3 cast iron pans 26cm left in stock"):
// short names ending so ("12 High Street") stay, for validItem to reject.
func (c *extractorConfig) dropTail(product string) string {
	ws := words(product)
	n := len(ws)
	if n < minTailWords || !c.nonProduct.has(ws[n-1]) || isDigits(ws[n-2]) {
		return product
	}
	cut := strings.LastIndex(strings.ToLower(product), ws[n-1])
	if cut <= 0 {
		return product
	}
	return strings.TrimRight(product[:cut], " ,-–:")
}

// variantAt reads "in <word>" at toks[j], the variant of an elliptic item
// ("200 in sand", "50 in XL"), followed by punctuation or the end; it
// returns the index after the word.
func (c *extractorConfig) variantAt(toks []token, j int) (int, bool) {
	if j+1 >= len(toks) || toks[j].low != "in" || toks[j+1].kind != kWord {
		return 0, false
	}
	w := toks[j+1].low
	if c.stopWords[w] || c.skipWords[w] || c.nonProduct.has(w) || c.unitWords[w] || notVariants[w] {
		return 0, false
	}
	if end := j + 2; end == len(toks) || toks[end].kind == kPunct {
		return end, true
	}
	return 0, false
}

// notVariants follow "N in" without naming a variant ("2 in stock").
var notVariants = map[string]bool{"stock": true, "total": true, "all": true, "transit": true, "store": true, "advance": true}

// articleAfterAnd reads "and a squirrel baffle" after a count on the same
// line ("2 bags of seed and a squirrel baffle."): the article is a count of
// one when a short name (up to three words) follows it and ends the
// sentence.
func (c *extractorConfig) articleAfterAnd(toks []token, i int) (anchor, bool) {
	if i == 0 || toks[i-1].low != "and" || toks[i].low != "a" && toks[i].low != "an" {
		return anchor{}, false
	}
	j := i + 1
	for j < len(toks) && j-i <= 3 && toks[j].kind == kWord && !c.stopWords[toks[j].low] && !c.nonProduct.has(toks[j].low) {
		j++
	}
	if j == i+1 || j-i > 4 || j < len(toks) && !(toks[j].kind == kPunct && strings.Contains(".!;,", toks[j].text)) {
		return anchor{}, false
	}
	return anchor{qty: 1, start: i, end: i + 1, form: formPrefix}, true
}

// attributeWords open a name that is only an attribute of goods named
// before ("50 pcs safety shoes size 42 and 30 pcs size 44").
var attributeWords = map[string]bool{"size": true, "colour": true, "color": true, "in": true, "width": true, "length": true}

// withGoods completes product, when it is only an attribute, with the goods
// of prev, the item before on its line, less prev's own attribute: "size
// 44" after "safety shoes size 42" is "safety shoes size 44".
func withGoods(product, prev string) string {
	ws := strings.Fields(product)
	if len(ws) == 0 || !attributeWords[strings.ToLower(ws[0])] {
		return product
	}
	pw := strings.Fields(prev)
	pw = pw[:attributeAt(pw)]
	if len(pw) == 0 {
		return product
	}
	return strings.Join(pw, " ") + " " + product
}

// goodsOf is a product name without its trailing attribute: the words
// before a comma or an attribute word ("lace-weight yarn in undyed
// white" is "lace-weight yarn", "tealight holders, amber" is "tealight
// holders").
func goodsOf(product string) string {
	if i := strings.IndexByte(product, ','); i > 0 {
		product = product[:i]
	}
	ws := strings.Fields(product)
	if len(ws) == 0 {
		return product
	}
	if i := 1 + attributeAt(ws[1:]); i < len(ws) {
		return strings.Join(ws[:i], " ")
	}
	return product
}

// attributeAt is the index of the first attribute word of ws, len(ws)
// when there is none.
func attributeAt(ws []string) int {
	for i, w := range ws {
		if attributeWords[strings.ToLower(w)] {
			return i
		}
	}
	return len(ws)
}
