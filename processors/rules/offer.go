package rules

import "regexp"

// What of a reply and its quoted history can make an order: the quoted
// message up to the terms appended to it, and a reply written by a person.

// machineWeight is the weight from which a non-order cue says the text
// is not a person's reply (an automatic reply, a newsletter, an order
// confirmation: weight 6 in default.yaml).
const machineWeight = 6

// machineText says whether a non-order cue of machineWeight or more fires
// in text: such a reply accepts nothing ("I am out of the office; for
// urgent orders please send …").
func (c *extractorConfig) machineText(text string) bool {
	s := c.nonOrderCues
	t := newText(text)
	counts := s.hits(t)
	for i, sg := range s.signals {
		if counts[i] > 0 && sg.Weight >= machineWeight {
			return true
		}
	}
	return false
}

// termsHeading opens the terms appended to an offer: "General
// conditions:", "Terms and conditions of sale (extract):", "Our delivery
// policy:", or "Terms of supply" without a colon, on a line of its own.
var termsHeading = regexp.MustCompile(`(?im)^\W*(?:[\p{L}]+\s+){0,3}(?:terms|conditions|policy|policies|t&cs?|agb)\b(?:[^:\n]{0,40}:|[^:\n\d]{0,40})\s*$`)

// offerPart is quoted up to its terms (termsHeading): their quantities,
// prices and words ("order confirmation", "orders of 10 or more units")
// are rules about orders, not the offer's items nor a report of one.
func offerPart(quoted string) string {
	if loc := termsHeading.FindStringIndex(quoted); loc != nil {
		return quoted[:loc[0]]
	}
	return quoted
}
