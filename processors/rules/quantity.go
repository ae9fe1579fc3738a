package rules

import "strings"

// form says where an anchor's product is, relative to the quantity.
type form uint8

const (
	formPrefix  form = iota // "3 x Blue Widget": product follows
	formPostfix             // "Blue Widget x3", "Stapler - 2 pcs": product precedes
	formKeyed               // "qty: 3": product anywhere else on the line
	formBare                // "Black mugs - 24": a lone number ending an item line
)

// anchor is one quantity expression in a token sequence.
type anchor struct {
	qty        int
	start, end int // token range of the expression, units and "of" included
	form       form
	marked     bool   // "x", a unit word, a key or a quantity phrase says it is a quantity
	measure    bool   // a measure unit follows the number: "500 g", a pack size or a weight
	of         bool   // "of" follows: "10 kg of sugar"
	reference  bool   // "6 of them": the goods are named earlier (extractorConfig.antecedent)
	adj        [2]int // "40 of the clear ones": the variant's words (a token range), with reference
	spelled    bool   // a number word marks the quantity, no unit or "x" ("two sweaters")
	same       bool   // "6 of the same (in brown)": the goods of the item before, with reference
	variant    bool   // "and 200 in sand": the goods of the item before, in another variant
}

// maxQuantity bounds what is read as a quantity; larger numbers are codes.
const maxQuantity = 1_000_000

// anchors finds the quantity expressions in toks, left to right, without
// overlaps. A measure ("500 g", "1 l") is a pack size, part of a product
// name, when it is in parentheses or the line holds a count ("12 x", "3
// boxes"); then only a measure followed by "of" ("10 kg of sugar") stays a
// quantity.
func (c *extractorConfig) anchors(toks []token) []anchor {
	var out []anchor
	counts := false
	for i := 0; i < len(toks); {
		a, ok := c.anchorAt(toks, i)
		if !ok && len(out) > 0 {
			a, ok = c.articleAfterAnd(toks, i)
		}
		if ok {
			if c.inName(toks, out, a) {
				i = a.end
				continue
			}
			if !a.measure || i == 0 || toks[i-1].text != "(" {
				out = append(out, a)
				counts = counts || !a.measure
			}
			i = a.end
			continue
		}
		i++
	}
	if !counts {
		return out
	}
	marked := false
	for _, a := range out {
		marked = marked || a.marked && !a.measure
	}
	kept := out[:0]
	for _, a := range out {
		if (!a.measure || a.of) && !(marked && c.countModifier(toks, a)) {
			kept = append(kept, a)
		}
	}
	return kept
}

// countModifier reports whether a, a plain number above one, is followed by
// one singular word and then punctuation, a number or the end: "3 tier -",
// ", 3 shelf", "2 ply,", a number that describes the goods (a 3-tier box),
// not a count, which takes a plural noun ("3 shelves", "3 fruit platters").
// anchors drops such a number on a line that holds a marked count, the
// line's real quantity ("Tiffin boxes 3 tier - 50 nos").
func (c *extractorConfig) countModifier(toks []token, a anchor) bool {
	if a.marked || a.measure || a.form != formPrefix || a.qty < 2 || a.end >= len(toks) {
		return false
	}
	w, after := toks[a.end], a.end+1
	return w.kind == kWord && !strings.HasSuffix(w.low, "s") && !c.unitWords[w.low] &&
		(after == len(toks) || toks[after].kind != kWord)
}

// inName reports whether a, a plain number, sits inside the product name
// of the marked count before it: "2 x Anker 735 charger", where only words
// stand between the two.
func (c *extractorConfig) inName(toks []token, prev []anchor, a anchor) bool {
	if a.marked || a.form != formPrefix || len(prev) == 0 || a.start == 0 || toks[a.start-1].kind != kWord {
		return false
	}
	p := prev[len(prev)-1]
	if !p.marked || p.measure || p.form != formPrefix {
		return false
	}
	for _, t := range toks[p.end:a.start] {
		if t.kind != kWord || c.stopWords[t.low] {
			return false
		}
	}
	return true
}

func (c *extractorConfig) anchorAt(toks []token, i int) (anchor, bool) {
	t := toks[i]
	switch {
	case t.kind == kWord && c.qtyKeys[t.low]:
		j := i + 1
		for j < len(toks) && toks[j].kind == kPunct && strings.Contains(":=.#", toks[j].text) {
			j++
		}
		if j < len(toks) && isQtyNum(toks[j]) {
			return anchor{qty: toks[j].n, start: i, end: j + 1, form: formKeyed, marked: true}, true
		}
	case isTimes(t) && i > 0 && i+1 < len(toks) && isQtyNum(toks[i+1]):
		p := toks[i-1]
		if p.kind == kWord || p.kind == kSKU || p.text == ")" {
			end := i + 2
			if end < len(toks) && c.unitWords[toks[end].low] {
				end++
			}
			return anchor{qty: toks[i+1].n, start: i, end: end, form: formPostfix, marked: true}, true
		}
	case isQtyNum(t):
		if i > 0 && (c.notQtyAfter.has(toks[i-1].low) || toks[i-1].text == "#") {
			return anchor{}, false
		}
		if i > 1 && toks[i-1].text == "." && c.notQtyAfter.has(toks[i-2].low) {
			return anchor{}, false // "No. 4"
		}
		if i > 1 && toks[i-1].low == "of" && c.unitWords[toks[i-2].low] {
			return anchor{}, false // "box of 12": a pack size
		}
		n, j := t.n, i+1
		if j < len(toks) && c.multipliers[toks[j].low] > 0 {
			n, j = n*c.multipliers[toks[j].low], j+1 // "2 dozen"
		}
		return c.afterNumber(toks, i, j, n, false)
	case (t.low == "a" || t.low == "an") && i > 0 && c.singleAfter[toks[i-1].low]:
		if n, end, ok := c.numberWordsAt(toks, i); ok {
			return c.afterNumber(toks, i, end, n, true) // "order a dozen"
		}
		return c.afterNumber(toks, i, i+1, 1, false)
	case (t.low == "a" || t.low == "an") && c.articleUnit(toks, i):
		if n, end, ok := c.numberWordsAt(toks, i); ok {
			return c.afterNumber(toks, i, end, n, true) // "a pair of": a quantity phrase
		}
		return c.afterNumber(toks, i, i+1, 1, true) // "a tub of the ear powder", "a copy of …"
	case t.kind == kWord:
		if i > 0 && c.notQtyAfter.has(toks[i-1].low) {
			return anchor{}, false // "in one parcel", "the two of us"
		}
		if n, end, ok := c.numberWordsAt(toks, i); ok {
			// a lone "one" is as often a pronoun ("one of your candles",
			// "the one in the blue jar") as a count: it is marked by what
			// follows, like a digit, not by being spelled out
			a, ok := c.afterNumber(toks, i, end, n, n != 1 || end > i+1)
			a.spelled = end >= len(toks) || !c.unitWords[toks[end].low] && !c.measureUnits[toks[end].low] && !isTimes(toks[end])
			return a, ok
		}
	}
	return anchor{}, false
}

// afterNumber completes an anchor whose number spans toks[start:j].
func (c *extractorConfig) afterNumber(toks []token, start, j, n int, phrase bool) (anchor, bool) {
	a := anchor{qty: n, start: start, form: formPrefix, marked: phrase}
	if j < len(toks) && (toks[j].text == "%" || toks[j].text == ":" || toks[j].text == "/") {
		return a, false
	}
	if j+2 < len(toks) && toks[j].text == "(" && toks[j+1].kind == kNum && toks[j+1].n == n && toks[j+2].text == ")" {
		j += 3 // "ten (10)"
	} else if j+2 < len(toks) && toks[j].text == "(" && toks[j+1].kind == kWord {
		if w, end, ok := c.numberWordsAt(toks, j+1); ok && w == n && end < len(toks) && toks[end].text == ")" {
			j = end + 1 // "3 (three)"
		}
	}
	if j < len(toks) && isTimes(toks[j]) {
		if toks[j].start == toks[j-1].end && j+1 < len(toks) && toks[j+1].text == ":" {
			return a, false // "Toner HP 59X: 2": a model name, not "59 x"
		}
		j++
		a.marked = true
	}
	if j+1 < len(toks) && toks[j].kind == kWord && toks[j].low != "of" && c.skipWords[toks[j].low] && c.unitWords[toks[j+1].low] {
		j++ // "2 more cases of lemons"
	}
	if !a.marked && j < len(toks) && toks[j].kind == kWord && c.measureUnits[toks[j].low] {
		j++
		a.marked, a.measure = true, true
	}
	for j < len(toks) && toks[j].kind == kWord && c.unitWords[toks[j].low] {
		j++
		a.marked = true
		if j+1 < len(toks) && toks[j].text == "." && len(toks[j-1].low) <= 4 &&
			toks[j+1].kind == kWord && !c.stopWords[toks[j+1].low] {
			j++ // an abbreviated unit: "3 Stk. Olivenöl"
		}
	}
	if j < len(toks) && toks[j].low == "of" {
		j++
		a.of = true
		if a.marked && j+1 < len(toks) && isQtyNum(toks[j]) && toks[j+1].kind == kWord && !c.stopWords[toks[j+1].low] &&
			!c.nonProduct.has(toks[j+1].low) {
			j++ // "3 boxes of 100 nitrile gloves": 100 is the pack size
		}
	}
	if a.of && j+1 < len(toks) && toks[j].low == "the" && toks[j+1].low == "same" {
		// "six skeins of the same in brown": the goods of the item before
		a.end, a.reference, a.same = j+2, true, true
		if k := j + 2; k+1 < len(toks) && toks[k].low == "in" && toks[k+1].kind == kWord {
			last := k + 1
			for last+1 < len(toks) && last < k+3 && toks[last+1].kind == kWord && !c.stopWords[toks[last+1].low] {
				last++
			}
			a.end, a.adj = last+1, [2]int{k + 1, last}
		}
		return a, true
	}
	if a.of && j+2 < len(toks) && toks[j].low == "the" {
		// "40 of the clear ones": the goods named before, in a variant
		for k := j + 1; k < len(toks) && k <= j+3 && toks[k].kind == kWord; k++ {
			if (toks[k].low == "ones" || toks[k].low == "one") && k > j+1 {
				a.end, a.reference, a.adj = k+1, true, [2]int{j + 1, k - 1}
				return a, true
			}
			if c.stopWords[toks[k].low] || c.unitWords[toks[k].low] {
				break
			}
		}
	}
	if a.of && j < len(toks) && c.references[toks[j].low] {
		if j+1 == len(toks) || toks[j+1].kind != kWord || afterReference[toks[j+1].low] {
			a.end, a.reference = j+1, true // "I'll take 6 of them", "24 of them for the rooms"
			return a, true
		}
		if toks[j].low != "them" && !c.stopWords[toks[j+1].low] {
			j++ // "5 of those blue tarps": a determiner before the goods
		}
	}
	a.end = j
	for j+1 < len(toks) && isQuote(toks[j]) {
		j++ // "3 copies of 'Learning Go'"
	}
	if j < len(toks) && toks[j].text == ")" && !a.marked {
		return a, false // "(pack of 10)"
	}
	if j >= len(toks) || toks[j].kind == kPunct && toks[j].text != "(" {
		switch {
		case a.marked && !phrase:
			a.form = formPostfix
		case !a.marked:
			a.form = formBare
		case start > 0 && toks[start-1].kind == kPunct && strings.Contains("-–—:", toks[start-1].text):
			a.form = formBare // "Tennis balls — six", "mesh bag - five": a spelled count ending an item line
		default:
			return a, false
		}
		return a, true
	}
	next := toks[j]
	switch next.kind {
	case kSKU:
		return a, true
	case kWord:
		if v, ok := c.variantAt(toks, j); ok && !a.marked && start > 0 && toks[start-1].low == "and" {
			a.end, a.variant = v, true // "300 navy hammocks and 200 in sand"
			return a, true
		}
		if c.nonProduct.has(next.low) || (!a.marked && c.stopWords[next.low]) {
			return a, false
		}
		if phrase && c.stopWords[next.low] && start > 0 && toks[start-1].kind == kWord && !c.singleAfter[toks[start-1].low] {
			return a, false // "the club now feeds forty on a Wednesday": a count in prose, of nothing named
		}
		if !a.marked && !phrase && n >= 1900 && n <= 2100 {
			return a, false // a year
		}
		return a, true
	case kMoney, kDec:
		if a.marked && !phrase {
			a.form = formPostfix
			return a, true
		}
	}
	return a, false
}

// isQtyNum reports whether t is a whole number usable as a quantity: no
// leading zero, positive, not absurdly large.
func isQtyNum(t token) bool {
	return t.kind == kNum && t.n > 0 && t.n <= maxQuantity && !strings.HasPrefix(t.text, "0")
}

// afterReference are the words that may follow "N of them" when it is a
// quantity of goods named earlier: a purpose, a time or a polite word ("24
// of them for the rooms", "6 of them please"), not a verb ("10 of them
// were broken").
var afterReference = map[string]bool{"for": true, "please": true, "pls": true, "and": true, "to": true,
	"by": true, "in": true, "on": true, "too": true, "as": true, "asap": true, "then": true, "again": true}

// articleUnit reports "a tub of the ear powder", "a copy of “Dune”" at
// toks[i]: an article, a container word and "of", not before a possessive
// or a pronoun ("a copy of my card", "a box of it"). The vaguest unit
// words ("a bunch of charges", "an item of purchase") never count, and a
// copy only of a title (a capital or a quotation mark after "of").
func (c *extractorConfig) articleUnit(toks []token, i int) bool {
	if i+3 >= len(toks) || !c.unitWords[toks[i+1].low] || toks[i+2].low != "of" || vagueUnits[toks[i+1].low] {
		return false
	}
	next := toks[i+3]
	if notGoodsAfterOf[next.low] {
		return false
	}
	if u := toks[i+1].low; u == "copy" || u == "copies" {
		return isQuote(next) || next.kind == kWord && next.text != next.low && next.low != "the"
	}
	return true
}

// vagueUnits and notGoodsAfterOf: see articleUnit.
var (
	vagueUnits      = map[string]bool{"item": true, "items": true, "unit": true, "units": true, "piece": true, "pieces": true, "bunch": true, "bunches": true, "x": true, "set": true}
	notGoodsAfterOf = map[string]bool{"my": true, "our": true, "your": true, "his": true, "her": true, "their": true, "its": true,
		"all": true, "any": true, "every": true, "this": true, "that": true, "it": true, "them": true, "what": true}
)
