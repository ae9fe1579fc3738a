package rules

import (
	"regexp"
	"strings"
	"unicode"

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
	// name is a priced line's product: its text before the price, when
	// the line reads as a list entry ("- Double strainer: £14.50").
	name string
}

// Cue words, on the words of the new text (see words).
var (
	// acceptCues accept an offer on their own ("ok", "go ahead", "we'll take").
	acceptCues = phrases("yes", "yep", "yeah", "ok", "okay", "proceed", "agreed", "deal", "accept", "go ahead",
		"go with", "go for", "take", "i'll have", "we'll have", "will have", "send", "ship", "confirmed",
		"process", "please order")
	// likeCues accept only with a quantity or a reference to the offer
	// ("fine, then 2 of the walnut boards").
	likeCues = phrases("fine", "perfect", "great", "good", "lovely")
	// holdCues make the reply a hedge, a deferral or a question about the
	// offer, not an order.
	holdCues = phrases("maybe", "perhaps", "probably", "possibly", "might", "unless", "if yes", "if so", "if we",
		"if i", "if it", "if the", "hold", "will confirm", "have to", "has to", "commit", "confirm then", "let you know",
		"get back", "come back", "discuss", "consider", "considering", "thinking", "talk to", "check with", "next year", "next month")
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
		"same as your offer", "same as offered", "same as quoted", "as per your offer", "as offered", "as quoted",
		"same like", "like last time", "like last week", "like before", "as last time", "as last week", "as before")
	// politeCues ask or thank ("both please").
	politeCues = phrases("please", "pls", "plz", "thanks", "thank you", "ta")
	// allCues take every offered item ("both", "the lot", "everything").
	allCues = phrases("both", "all", "everything", "the lot", "all of them", "the two", "all three", "each of them")
	// addCues ask to add to an order ("add 4 more", "another 2", "2 extra").
	addCues = phrases("add", "more", "another", "extra", "additional")
	// requestCues make a question a request ("can you send …?").
	requestVerbs = phrases("send", "ship", "add")
	requestCues  = phrases("can you", "could you", "would you", "will you", "can u", "could u", "pls", "please",
		"kindly", "can we", "could we", "can i", "could i")
	// confirmCues mark quoted text that reports an order already placed
	// (a confirmation, a receipt, a shipping notice), not an offer.
	confirmCues = phrases("order confirmation", "confirmation of your order", "has shipped", "been shipped",
		"been dispatched", "has been delivered", "receipt", "order confirmed", "is confirmed", "thanks for your order",
		"thank you for your order")
)

// orderConfirmed finds a confirmation that names its order: "Order
// 88330 confirmed", "your order #A-17 is now confirmed".
var orderConfirmed = regexp.MustCompile(`(?i)\border\b[^\n.]{0,30}\bconfirmed\b`)

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
//     as "40 of them", "package 2") and accepts the offer (an acceptance
//     cue, or a quantity of an item it names, no hedge, in a clause that is
//     not a question unless it asks to send, ship or add), it orders the
//     quoted items it names ("the oak boards"), or all of them when it
//     names none ("both", "as quoted"), less those a declining clause names
//     ("skip the oil"); a single item takes the quantity the new text gives
//     ("40 of them"; not one after "instead of");
//   - a reply that takes the whole offer with changes ("go ahead, but 20
//     chairs instead of 15", "yes to both, and 2 cables") or repeats it
//     ("same again, but double the forks") orders every quoted item, its
//     own items that name one changing its quantity, and those that name
//     none added (mergeOwn); "N instead of M" and factors ("x2", "double
//     the forks") change quantities (changeQuantities, scaleItems).
//
// Items come with their quoted prices, Origin quoted, and the confidence
// quotedConfidence. Quoted text that reports an order already placed is
// resolved only by a repeat ("same again") or an addition ("add 2 more of
// the maglocks"), and injected text (dropInjected) is read in neither.
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
	r := c.readReply(text)
	if (confirmCues.any(words(offer)) || orderConfirmed.MatchString(offer)) && !repeat && !r.add {
		return // an order already placed is ordered again only by "same again" or "add 2 more of …"
	}
	items, priced := c.quotedItems(offer)
	own := len(order.Items) > 0 && !onlyReferences(order.Items)
	wholesale := (r.strong || repeat) && (r.all || repeat || instead.MatchString(text))
	named := r.names(items, priced)
	accepts := r.strong || repeat || r.add && named || (r.like || named) && r.qty > 0 || r.like && named ||
		r.all && r.polite || r.nth > 0 && r.nth <= len(priced)
	stems := stemSet(content(words(offer)))
	if own && !wholesale || !accepts || r.defers(stems) || r.declinesAll(stems) || len(items)+len(priced) == 0 {
		if own {
			fillPrices(order, items, priced)
		}
		return
	}
	var picked []processors.Item
	if r.nth > 0 && r.nth <= len(priced) && priced[r.nth-1].name != "" {
		q := priced[r.nth-1] // "the second option, 30 of them"
		picked = []processors.Item{{Product: q.name, Quantity: max(r.qty, 1), UnitPrice: q.price, Origin: processors.OriginQuoted}}
	} else {
		for _, it := range pick(items, r, repeat) {
			picked = append(picked, it.item())
		}
		if r.nth > 0 && len(picked) > 1 {
			picked = picked[:1] // an ordinal that names no priced line takes the first item picked
		}
	}
	if len(picked) == 0 {
		picked = fromPriceLines(priced, r)
	}
	if len(picked) == 0 {
		if own {
			fillPrices(order, items, priced)
		}
		return
	}
	if n := c.firstN(strings.Split(text, "\n")); n > 0 && len(picked) > n {
		picked = picked[:n] // "please process the first two lines below"
	}
	if len(picked) == 1 && r.qty > 0 && !own && !repeat {
		picked[0].Quantity = r.qty
	}
	changeQuantities(picked, text)
	scaleItems(picked, r.scales)
	if repeat && !own {
		addTo(picked, r.adds) // "same again, and 10 more of the lids"
	}
	if own {
		picked = mergeOwn(picked, order.Items, r.add)
	}
	order.IsOrder, order.Items = true, picked
	for _, it := range append(items, priced...) {
		if order.Currency == "" && it.price != nil {
			order.Currency = it.currency
		}
	}
	*conf = quotedConfidence
	order.CapItems()
}

// onlyReferences says whether every item's product is only a reference
// to something else: pronouns and function words ("40 x them", "25 of
// those"), a variant label ("package 2") or an ordinal ("second option").
func onlyReferences(items []processors.Item) bool {
	for _, it := range items {
		for _, w := range content(words(it.Product + " " + it.SKU)) {
			if !labelWords[w] && ordinals[w] == 0 {
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
// priced lines, which state a unit price, with or without a quantity. An
// item is known by the words of its line, or by those of its own name
// when its line holds several ("40 x cold water wax at 1,65 and 40 x warm
// water wax at 1,55").
func (c *extractorConfig) quotedItems(quoted string) (items, priced []quotedItem) {
	always := func(string) bool { return true }
	for _, l := range c.dropInjected(c.cutBody(quoted)) {
		toks := c.lex(l)
		price, cur := c.unitPrice(toks, false)
		name := ""
		if price == nil {
			price, cur, name = listPrice(l, toks)
		} else {
			name = lineName(l, toks)
		}
		if price == nil && !markedLine.MatchString(l) {
			continue
		}
		ws := stemSet(words(l))
		if price != nil {
			priced = append(priced, quotedItem{lineItem{price: price, currency: cur}, ws, name})
		}
		got := fitting(c.lineItems(l, always))
		for _, it := range got {
			if it.price == nil {
				it.price, it.currency = price, cur
			}
			own := ws
			if len(got) > 1 {
				own = stemSet(words(it.product + " " + it.sku))
			}
			items = append(items, quotedItem{it, own, ""})
		}
	}
	return items, priced
}

// listPrice reads a list entry that ends in an amount of money ("-
// Stainless honey extractor, 4-frame: £189.00"): the amount, its currency
// and the entry's name (lineName).
func listPrice(l string, toks []token) (*float64, string, string) {
	n := len(toks)
	if n < 2 || toks[n-1].kind != kMoney {
		return nil, "", ""
	}
	name := lineName(l, toks)
	if name == "" {
		return nil, "", ""
	}
	v := toks[n-1].amount
	return &v, toks[n-1].currency, name
}

// enumerator opens a numbered or labelled offer line: "2)", "b.", "Option
// B:", "1 -".
var enumerator = regexp.MustCompile(`(?i)^\s*(?:[-*•–]\s*)?(?:(?:option|variant|choice|package)\s+\w{1,3}\s*[:.)-]|\(?\d{1,2}[).]|\(?[a-e][).])\s*`)

// lineName is the name an offer line gives before its first amount of
// money, without its enumerator, bullets, dangling punctuation and a
// trailing "at" or "for"; "" when it has no letter.
func lineName(l string, toks []token) string {
	end := len(l)
	for _, t := range toks {
		if t.kind == kMoney {
			end = t.start
			break
		}
	}
	name := enumerator.ReplaceAllString(l[:end], "")
	name = strings.Trim(name, " \t:-–—•*=|,@")
	for _, w := range []string{" at", " for", " @"} {
		name = strings.TrimSuffix(name, w)
	}
	name = strings.Trim(name, " \t:-–—•*=|,")
	if !strings.ContainsFunc(name, unicode.IsLetter) {
		return ""
	}
	return name
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
