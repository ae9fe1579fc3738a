package rules

import (
	"strings"
	"unicode"
)

// lineItem is one order line read from text, before currency defaults.
type lineItem struct {
	product, sku string
	qty          int
	price        *float64
	currency     string
	marked       bool // the quantity is marked: "3 x", a unit word, a key, a table column
	scaled       bool // the quantity was worked out per unit: "3 sparklers per guest … 60 guests"
	spelled      bool // only a number word marks the quantity: "two sweaters"
}

// maxProductTokens bounds how far a product name reaches from its quantity.
const maxProductTokens = 10

// bulletChars start list items.
const bulletChars = "-*•·–—+>"

// lineItems reads the order lines of one non-table line. cued reports
// whether a stretch of the line holds an order cue; plain prose quantities
// ("3 Blue Widgets") are only read in cued sentences or item lines.
func (c *extractorConfig) lineItems(line string, cued func(string) bool) []lineItem {
	return c.lineItemsAt(line, cued, nil)
}

// lineItemsAt is lineItems where ante, when not nil, finds the goods a
// reference word stands for ("6 of them") from the text before it on its
// line (see extractorConfig.antecedent); without it a reference reads no
// item.
func (c *extractorConfig) lineItemsAt(line string, cued func(string) bool, ante func(before string) string) []lineItem {
	if !c.mayAnchor(line) {
		return nil // no quantity, no item
	}
	return c.lexedItems(line, c.lex(line), cued, ante)
}

// lexedItems is lineItemsAt with the line lexed already (toks).
func (c *extractorConfig) lexedItems(line string, toks []token, cued func(string) bool, ante func(before string) string) []lineItem {
	bullet := 0
	for bullet < len(toks) && toks[bullet].kind == kPunct && strings.Contains(bulletChars, toks[bullet].text) {
		bullet++
	}
	if bullet+1 < len(toks) && toks[bullet].kind == kNum && (toks[bullet+1].text == "." || toks[bullet+1].text == ")") {
		bullet += 2 // "1." or "1)" numbering
	}
	toks = toks[bullet:]
	anchors := c.anchors(toks)
	// An item line is a list entry, a short line, or one that starts with a
	// marked quantity ("20 x Cold brew 250 ml can (CB-250) NOK 19.00").
	itemLine := bullet > 0 || outsideParens(toks)+bullet <= 8 ||
		len(anchors) > 0 && anchors[0].start == 0 && anchors[0].marked && anchors[0].form != formBare
	sents := sentences(line, toks)
	cuedAt := map[int]bool{} // sentence start -> cued
	var isCued func(i int) bool
	isCued = func(i int) bool {
		se := sents[i]
		v, ok := cuedAt[se[0]]
		if !ok {
			v = cued(line[se[0]:se[1]])
			if f := continues(toks, sents, i); !v && f > 0 {
				p := f - 1 // the end of the sentence before ("...": its first dot)
				for p > 0 && toks[p-1].kind == kPunct && strings.Contains(".!?;", toks[p-1].text) {
					p--
				}
				v = isCued(p) // "… send us 6 pins? And 2 windlasses too."
			}
			cuedAt[se[0]] = v
		}
		return v
	}
	factor, counts := c.multipliedBy(toks, anchors, sents)
	var out []lineItem
	for k, a := range anchors {
		if counts[k] {
			continue // "for the 15 tables": the count of a per-unit item
		}
		prevEnd, nextStart := 0, len(toks)
		if k > 0 {
			prevEnd = anchors[k-1].end
		}
		if k+1 < len(anchors) {
			nextStart = anchors[k+1].start
		}
		if !a.marked && !itemLine && factor[k] == 0 && !isCued(a.start) {
			continue
		}
		if a.form == formBare && !itemLine {
			continue
		}
		it := lineItem{qty: a.qty, marked: a.marked, spelled: a.spelled}
		if f := factor[k]; f > 0 {
			it.qty *= f
			it.scaled = true
		}
		switch {
		case a.variant:
			if len(out) == 0 || k == 0 {
				continue // no goods before to vary
			}
			it.product = out[len(out)-1].product + " " + span2(line, toks, a.start+2, a.end-1)
		case a.reference && a.same:
			if len(out) == 0 {
				continue // nothing before to be the same as
			}
			it.product = goodsOf(out[len(out)-1].product)
			if a.adj[1] > 0 {
				it.product += " " + span2(line, toks, a.adj[0], a.adj[1])
			}
		case a.reference:
			if ante != nil {
				it.product = ante(line[:toks[a.start].start])
			}
			if it.product == "" && a.adj[1] > 0 && len(out) > 0 {
				it.product = out[len(out)-1].product // "4 blue mugs and 2 of the green ones"
			}
			if it.product != "" && a.adj[1] > 0 {
				it.product += " " + span2(line, toks, a.adj[0], a.adj[1]) // "the clear ones"
			}
		case a.form == formPrefix:
			it.product, it.sku = c.forward(line, toks, a.end, nextStart, itemLine)
			if it.product == "" && it.sku == "" {
				it.product, it.sku = c.backward(line, toks, a.start, prevEnd, itemLine)
			}
		default:
			it.product, it.sku = c.backward(line, toks, a.start, prevEnd, itemLine)
			if it.product == "" && it.sku == "" || a.form == formKeyed && it.product == "" {
				p, s := c.forward(line, toks, a.end, nextStart, itemLine)
				it.product = p
				if it.sku == "" {
					it.sku = s
				}
			}
		}
		zoneStart := a.end
		if a.form != formPrefix || len(anchors) == 1 {
			zoneStart = prevEnd
		}
		if it.sku == "" {
			for _, t := range toks[zoneStart:nextStart] {
				if t.kind == kSKU {
					it.sku = t.sku()
					break
				}
			}
		}
		priceFrom := a.start
		if len(anchors) == 1 {
			priceFrom = 0
		}
		if len(out) > 0 {
			it.product = withGoods(it.product, out[len(out)-1].product) // "… and 30 pcs size 44"
		}
		it.product = c.dropTail(it.product)
		it.price, it.currency = c.unitPrice(toks[priceFrom:nextStart], itemLine)
		if c.validItem(it) && it.qty <= maxQuantity {
			out = append(out, it)
		}
	}
	return out
}

// validItem rejects lines without a usable product or code.
func (c *extractorConfig) validItem(it lineItem) bool {
	if it.qty <= 0 {
		return false
	}
	ws := words(it.product)
	if n := len(ws); n > 0 && c.nonProduct.has(ws[n-1]) && !(n >= 3 && isDigits(ws[n-2])) {
		// "12 High Street", "3 pm", "two new students" (even with a code
		// elsewhere on the line); but a duration or measure inside a longer
		// name is an attribute: "seat licence 1 year"
		return false
	}
	if it.sku != "" {
		return true
	}
	return len(ws) > 0 && strings.ContainsFunc(it.product, unicode.IsLetter)
}

// forward reads a product name (and code) starting at toks[j], up to limit.
func (c *extractorConfig) forward(line string, toks []token, j, limit int, itemLine bool) (product, sku string) {
	for j < limit && (toks[j].kind == kWord && c.skipWords[toks[j].low] || isQuote(toks[j])) {
		j++
	}
	first, last, n := -1, -1, 0
	for ; j < limit && n < maxProductTokens; j++ {
		t := toks[j]
		switch {
		case t.kind == kSKU:
			if sku == "" {
				sku = t.sku()
			}
			if first >= 0 {
				return span2(line, toks, first, last), sku
			}
			continue
		case t.kind == kWord && !c.stopWords[t.low], t.kind == kNum, c.sizeNum(toks, j):
		case t.text == "(" && first >= 0 && j+1 < limit && toks[j+1].kind == kWord && c.stopWords[toks[j+1].low]:
			return span2(line, toks, first, last), sku // an aside: "(for the twins)", "(to replace the old ones)"
		case t.text == "(":
			end, code := parenGroup(toks, j, limit)
			if code != "" && sku == "" {
				sku = code
			}
			if end < 0 || code != "" && first >= 0 {
				return span2(line, toks, first, last), sku
			}
			if code == "" && itemLine && first >= 0 {
				last = end
			}
			j = end
			continue
		case (t.text == "&" || t.text == "+") && first >= 0 && j+1 < limit:
			// "Fish & Chips" goes on; "7M1 & 3 bottles ...": the next item starts
		case t.text == "," && itemLine && first >= 0 && j+1 < limit && toks[j+1].kind == kWord && !c.stopWords[toks[j+1].low]:
			// "Teapot, stoneware 1.2 l": a list entry goes on after a comma
		default:
			return span2(line, toks, first, last), sku
		}
		if first < 0 {
			first = j
		}
		last = j
		n++
	}
	return span2(line, toks, first, last), sku
}

// backward reads a product name ending just before toks[j], down to limit.
func (c *extractorConfig) backward(line string, toks []token, j, limit int, itemLine bool) (product, sku string) {
	j--
	if j >= limit && (toks[j].kind == kPunct && strings.Contains("-–—,:|=(", toks[j].text) || toks[j].kind == kWord && genitives[toks[j].low]) {
		j-- // "Stapler - 2", "basmati ke 4 bag" (Hindi: "4 bags of basmati")
	}
	first, last, n := -1, -1, 0
	for ; j >= limit && n < maxProductTokens; j-- {
		t := toks[j]
		switch {
		case t.kind == kSKU:
			if sku == "" {
				sku = t.sku()
			}
			if first >= 0 {
				return span2(line, toks, first, last), sku
			}
			continue
		case t.kind == kWord && !c.stopWords[t.low], t.kind == kNum, c.sizeNum(toks, j), gluedToNum(toks, j):
		case t.text == ")":
			open := j - 1
			for open >= limit && j-open < 8 && toks[open].text != "(" {
				if toks[open].kind == kSKU && sku == "" {
					sku = toks[open].sku()
				}
				open--
			}
			if open < limit || toks[open].text != "(" {
				return span2(line, toks, first, last), sku
			}
			if last < 0 {
				last = j
			}
			first, j = open, open
			continue
		case t.text == "," && itemLine && first >= 0, (t.text == "&" || t.text == "+") && first >= 0:
		default:
			return span2(line, toks, first, last), sku
		}
		if last < 0 {
			last = j
		}
		first = j
		n++
	}
	return span2(line, toks, first, last), sku
}

// genitives stand between goods and their count in the languages customers
// mix in: Hindi "chawal ke 4 bag", "namak ka 1 packet".
var genitives = map[string]bool{"ke": true, "ka": true, "ki": true}

// gluedToNum reports a word written onto the number before it, as in model
// names ("59X", "26A"): it belongs to the name even when it is a stop word.
func gluedToNum(toks []token, j int) bool {
	return j > 0 && toks[j].kind == kWord && toks[j-1].kind == kNum && toks[j-1].end == toks[j].start
}

// sizeNum reports whether toks[j] is a decimal before a measure unit, the
// number of a pack size such as "2.5 kg", which belongs to a product name.
func (c *extractorConfig) sizeNum(toks []token, j int) bool {
	return toks[j].kind == kDec && j+1 < len(toks) && c.measureUnits[toks[j+1].low]
}

// span2 returns the original text from toks[first] to toks[last].
func span2(line string, toks []token, first, last int) string {
	if first < 0 || last < first {
		return ""
	}
	return strings.Trim(line[toks[first].start:toks[last].end], " \t,-–:")
}

// sentences maps each token of line to the byte range [start,end) of its
// sentence: the text between the nearest sentence ends (".", "!", "?", ";")
// around it. It runs in linear time.
func sentences(line string, toks []token) [][2]int {
	out := make([][2]int, len(toks))
	start, first := 0, 0
	for k := 0; k <= len(toks); k++ {
		if k < len(toks) && !(toks[k].kind == kPunct && strings.Contains(".!?;", toks[k].text)) {
			continue
		}
		end := len(line)
		if k < len(toks) {
			end = toks[k].start
		}
		for i := first; i < k; i++ {
			out[i] = [2]int{start, end}
		}
		if k < len(toks) {
			out[k] = [2]int{start, end}
			start, first = toks[k].end, k+1
		}
	}
	return out
}

// continuationWords open a sentence that goes on with the one before:
// "And 2 windlasses while you're at it", "Also 12 of the hubs".
var continuationWords = map[string]bool{"and": true, "also": true, "plus": true, "&": true, "+": true, "und": true, "et": true, "y": true}

// continues returns the index of the first token of toks[i]'s sentence
// when its first word, after punctuation, is a continuation word (the
// sentence carries on the one before, whose cue it shares), else 0.
func continues(toks []token, sents [][2]int, i int) int {
	f := i
	for f > 0 && sents[f-1] == sents[i] {
		f--
	}
	j := f
	for j < i && toks[j].kind == kPunct && !continuationWords[toks[j].text] {
		j++
	}
	if f == 0 || !continuationWords[toks[j].low] {
		return 0
	}
	return f
}
