package rules

import (
	"regexp"
	"strings"
)

// An order split between the subject and the body: "Order: 40 tealight
// holders, amber" above "...and 40 of the clear ones too, please", or
// "Order - 6 x oatmeal shampoo 5L" above "+ 2 of the detangling spray".

// subjectOrder is a subject that names an order and starts it with a
// quantity: "Order: 40 …", "Re: order - 6 x …", "Bestellung: 3 …".
var subjectOrder = regexp.MustCompile(`(?i)^\s*(?:(?:re|fwd?|aw|sv|tr)\s*:\s*)*(?:new\s+|urgent\s+)?(?:order|bestellung|commande|pedido|ordine|zam[oó]wienie)\s*[:\-–—]\s*\d`)

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
