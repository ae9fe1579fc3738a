package rules

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode/clean"
)

// Quoted context: a reply that accepts an offer quoted below it ("yes, both
// please", "go ahead with the oak boards but make it 12", "I'll have both
// then") orders the offer's items, at the offer's prices, though its own
// text names none. The decoder passes the quoted offer as Input.Quoted;
// resolveQuoted reads it with the same item reader and resolves the new
// text's references against it. The cue words below are closed-class
// words of English (acceptance, hedging, negation, pronouns), not phrases
// of any one email.

// quotedItem is an item read from one line of the quoted context, with the
// words of that line (how the new text refers to it).
type quotedItem struct {
	lineItem
	words map[string]bool
}

// Cue words, on the words of the new text (see words).
var (
	// acceptCues accept an offer on their own ("ok", "go ahead", "we'll take").
	acceptCues = phrases("yes", "yep", "yeah", "ok", "okay", "proceed", "agreed", "deal", "accept", "go ahead",
		"go with", "go for", "take", "i'll have", "we'll have", "will have", "send", "ship", "confirmed")
	// likeCues accept only with a quantity or a reference to the offer
	// ("fine, then 2 of the walnut boards").
	likeCues = phrases("fine", "perfect", "great", "good", "lovely")
	// holdCues make the reply a hedge, a deferral or a question about the
	// offer, not an order.
	holdCues = phrases("maybe", "perhaps", "probably", "possibly", "might", "unless", "if yes", "if so", "if we",
		"if i", "if it", "if the", "hold", "will confirm", "confirm then", "let you know", "get back", "come back",
		"discuss", "consider", "considering", "thinking", "talk to", "check with", "next year", "next month")
	// negCues mark a clause that declines: the offer items it names are
	// left out ("skip the oil"); naming none, it declines the offer.
	negCues = phrases("no", "not", "don't", "dont", "skip", "leave", "without", "except", "cancel", "drop",
		"none", "nothing", "pass", "too expensive", "too pricey")
	// repeatCues ask for an earlier order or offer as it stood ("same as
	// last time", "same again", "as per your offer"): they accept on their
	// own, and they are the one way a quoted order already placed is
	// ordered again.
	repeatCues = phrases("same as last time", "same as before", "same again", "same as usual", "same as always",
		"same as last week", "same as last month", "same order", "the usual", "repeat", "reorder", "re-order",
		"same as your offer", "same as offered", "same as quoted", "as per your offer", "as offered", "as quoted")
	// confirmCues mark quoted text that reports an order already placed
	// (a confirmation, a receipt, a shipping notice), not an offer.
	confirmCues = phrases("order confirmation", "confirmation of your order", "has shipped", "been shipped",
		"been dispatched", "has been delivered", "receipt", "order confirmed", "is confirmed", "thanks for your order",
		"thank you for your order")
)

// clauseBreak splits the new text into clauses; the break after a clause
// says whether it was a question.
var clauseBreak = regexp.MustCompile(`[.;!?,:\n]+|\s(?:but|aber|pero|mais)\s`)

// quotedConfidence is the confidence of an order resolved against the
// quoted offer: that of a cued order one point over the threshold.
const quotedConfidence = 2.0 / 3

// markedLine is an offer line that starts with a marked quantity ("20 x …").
var markedLine = regexp.MustCompile(`^\s*(?:[-*•–]\s*)?\d[\d,.]*\s*[x×]\s`)

// resolveQuoted completes order, read from in's new text, with in.Quoted:
//
//   - an item of the new text without a price takes the price of the
//     quoted offer line that holds all its product's words (Origin quoted);
//   - when the new text has no item of its own (or only references such
//     as "40 of them", "package 2") and accepts the offer (an
//     acceptance cue, no hedge, in a clause that is not a question), it
//     orders the quoted items it names ("the oak boards"), or all of them
//     when it names none ("both", "as quoted"), less those a declining
//     clause names ("skip the oil"); a single item takes the quantity the
//     new text gives ("40 of them"; not one after "instead of"). Items come
//     with their quoted prices, Origin quoted, and the confidence
//     quotedConfidence.
//
// Quoted text that reports an order already placed is never resolved, and
// injected text (dropInjected) is read in neither.
func (c *extractorConfig) resolveQuoted(in processors.Input, order *processors.Order, conf *float64) {
	if strings.TrimSpace(in.Quoted) == "" {
		return
	}
	// The new text alone: Body is clean when it comes from the decoder;
	// a caller passing a raw body still gets its history left out.
	text := strings.Join(c.dropInjected(c.cutBody(clean.Clean(in.Body).New)), "\n")
	if c.machineText(text) {
		return
	}
	repeat := repeatCues.any(words(text))
	offer := offerPart(in.Quoted)
	if confirmCues.any(words(offer)) && !repeat {
		return
	}
	items, priced := c.quotedItems(offer)
	if len(order.Items) > 0 && !onlyReferences(order.Items) {
		fillPrices(order, items, priced)
		return
	}
	r := c.readReply(text)
	accepts := r.strong || repeat || r.like && (r.qty > 0 || r.names(items, priced))
	if !accepts || r.hold || r.declinesAll(items, priced) || len(items)+len(priced) == 0 {
		return
	}
	var picked []processors.Item
	for _, it := range pick(items, r) {
		picked = append(picked, it.item())
	}
	if len(picked) == 0 {
		picked = fromPriceLines(priced, r)
	}
	if len(picked) == 0 {
		return
	}
	if len(picked) == 1 && r.qty > 0 {
		picked[0].Quantity = r.qty
	}
	changeQuantities(picked, text)
	order.IsOrder, order.Items = true, picked
	for _, it := range append(items, priced...) {
		if order.Currency == "" && it.price != nil {
			order.Currency = it.currency
		}
	}
	*conf = quotedConfidence
	order.CapItems()
}

// insteadOf finds a changed quantity: "50 instead of 40", "12 rather
// than 10".
var insteadOf = regexp.MustCompile(`(?i)\b(\d{1,6})\s+(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+(?:the\s+)?(\d{1,6})\b`)

// changeQuantities applies the reply's "N instead of M" to the one picked
// item whose quoted quantity is M ("same as your offer but 50 instead of
// 40 of the tea lights"); when no item or several have M, nothing changes.
func changeQuantities(picked []processors.Item, text string) {
	for _, m := range insteadOf.FindAllStringSubmatch(text, -1) {
		to, _ := strconv.Atoi(m[1])
		from, _ := strconv.Atoi(m[2])
		at := -1
		for i, it := range picked {
			if it.Quantity == from {
				if at >= 0 {
					at = -2
					break
				}
				at = i
			}
		}
		if at >= 0 && to > 0 {
			picked[at].Quantity = to
		}
	}
}

// onlyReferences says whether every item's product is only a reference
// to something else: pronouns and function words ("40 x them", "25 of
// those") or a variant label ("package 2").
func onlyReferences(items []processors.Item) bool {
	for _, it := range items {
		for _, w := range content(words(it.Product + " " + it.SKU)) {
			if !labelWords[w] {
				return false
			}
		}
	}
	return true
}

// item is the order item of a quoted line.
func (q quotedItem) item() processors.Item {
	return processors.Item{Product: q.product, SKU: q.sku, Quantity: q.qty, UnitPrice: q.price, Origin: processors.OriginQuoted}
}

// quotedItems reads the quoted context: items (a quantity and a product)
// on lines that state a unit price or start with a marked quantity, and
// priced lines, which state a unit price, with or without a quantity.
func (c *extractorConfig) quotedItems(quoted string) (items, priced []quotedItem) {
	always := func(string) bool { return true }
	for _, l := range c.dropInjected(c.cutBody(quoted)) {
		price, cur := c.unitPrice(c.lex(l), false)
		if price == nil && !markedLine.MatchString(l) {
			continue
		}
		ws := stemSet(words(l))
		if price != nil {
			priced = append(priced, quotedItem{lineItem{price: price, currency: cur}, ws})
		}
		for _, it := range fitting(c.lineItems(l, always)) {
			if it.price == nil {
				it.price, it.currency = price, cur
			}
			items = append(items, quotedItem{it, ws})
		}
	}
	return items, priced
}

// fillPrices gives an item of the new text without a price the price of
// the first quoted line that holds every word of its product.
func fillPrices(order *processors.Order, items, priced []quotedItem) {
	for i := range order.Items {
		it := &order.Items[i]
		if it.UnitPrice != nil {
			continue
		}
		ws := content(words(it.Product + " " + it.SKU))
		for _, q := range append(items, priced...) {
			if q.price != nil && len(ws) > 0 && overlap(ws, q.words) == len(ws) {
				p := *q.price
				it.UnitPrice, it.Origin = &p, processors.OriginQuoted
				if order.Currency == "" {
					order.Currency = q.currency
				}
				break
			}
		}
	}
}

// pick returns the quoted items the reply orders: those it names by a word
// that sets them apart from the other items, or all when it names none;
// less those a declining clause names.
func pick(items []quotedItem, r reply) []quotedItem {
	common := map[string]bool{}
	if len(items) > 1 {
		for w := range items[0].words {
			common[w] = true
			for _, it := range items[1:] {
				common[w] = common[w] && it.words[w]
			}
		}
	}
	named, out := false, []quotedItem{}
	score := make([]int, len(items))
	for i, it := range items {
		for w := range r.refs {
			if it.words[w] && !common[w] {
				score[i]++
			}
		}
		named = named || score[i] > 0
	}
	for i, it := range items {
		declined := false
		for _, d := range r.declines {
			for w := range d {
				declined = declined || it.words[w] && !common[w]
			}
		}
		if !declined && (!named || score[i] > 0) {
			out = append(out, it)
		}
	}
	return out
}

// fromPriceLines builds the item of a priced quoted line without a
// quantity that the reply names ("2 of the walnut boards" below "the walnut
// serving boards, EUR 45.00 each"): the product is the reply's longest run
// of words found on that line, the quantity the reply's (else 1).
func fromPriceLines(priced []quotedItem, r reply) []processors.Item {
	best, bestRun := -1, ""
	for i, q := range priced {
		run := r.longestRunIn(q.words)
		if len(run) > len(bestRun) {
			best, bestRun = i, run
		}
	}
	if best < 0 {
		return nil
	}
	q := priced[best]
	return []processors.Item{{Product: bestRun, Quantity: max(r.qty, 1), UnitPrice: q.price, Origin: processors.OriginQuoted}}
}
