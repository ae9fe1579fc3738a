package rules

import (
	"regexp"
	"strings"
)

// An order split between the subject and the body: "Order: 40 tealight
// holders, amber" above "...and 40 of the clear ones too, please", or
// "Order - 6 x oatmeal shampoo 5L" above "+ 2 of the detangling spray".

// subjectOrder is a subject that names an order and starts it with a
// quantity, or a product and "x" and a quantity: "Order: 40 …", "Re: order
// - 6 x …", "Bestellung: 3 …", "Order - sliotars x 40".
var subjectOrder = regexp.MustCompile(`(?i)^\s*(?:(?:re|fwd?|aw|sv|tr)\s*:\s*)*(?:new\s+|urgent\s+)?(?:order|bestellung|commande|pedido|ordine|zam[oó]wienie)\s*[:\-–—]\s*(?:\d|[^\d\n]{1,60}\s(?:x|×)\s*\d)`)

// replyPrefix is a subject's "Re:", "Fwd:", "AW:" prefixes.
var replyPrefix = regexp.MustCompile(`(?i)^\s*(?:(?:re|fwd?|aw|sv|tr|wg)\s*:\s*)+`)

// subjectLines is the subject as a line to read items from, for an email
// whose body holds none: "ORDER 6 x sash clamps + 2 x wood glue" or "pls
// send 3 boxes of mortice locks" written in the subject alone. A reply's
// or forward's subject ("Re:", "Fwd:", "AW:") is not read: it repeats
// what the other side wrote. Nil when there is nothing to read.
func subjectLines(subject string) []string {
	if replyPrefix.MatchString(subject) || strings.TrimSpace(subject) == "" {
		return nil
	}
	return []string{strings.TrimSpace(subject)}
}

// continuation opens a body that goes on from its subject: "...and 40
// of the clear ones", "+ 2 of the spray", "& 3 more".
var continuation = regexp.MustCompile(`(?i)^\s*(?:\.{2,}|…|\+|&|and\b|plus\b|also\b)`)

// joinSubject joins the subject to the body's first line, in place, when
// the subject starts an order with a quantity (subjectOrder) and that line
// goes on from it (continuation): "Order: 40 tealight holders, amber
// ...and 40 of the clear ones too" is read as one line, its cue and goods
// shared.
func joinSubject(subject string, lines []string) {
	if !subjectOrder.MatchString(subject) {
		return
	}
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if continuation.MatchString(l) {
			lines[i] = strings.TrimSpace(subject) + " " + strings.TrimSpace(l)
		}
		return
	}
}

// marked keeps the items whose quantity is marked ("6 x", "x 40", "3
// boxes of"): in a subject a bare number is as often an order or ticket
// number ("take the cowhides off 31150") as a count. It filters in place.
func marked(items []lineItem) []lineItem {
	out := items[:0]
	for _, it := range items {
		if it.markedQty() {
			out = append(out, it)
		}
	}
	return out
}
