package rules

import "testing"

// TestOfferPart: the quoted offer ends at a terms heading on a line of its
// own; without one it is whole.
func TestOfferPart(t *testing.T) {
	for in, want := range map[string]string{
		"2 x mugs at EUR 4.00\nGeneral conditions:\n1. Orders of 10 units ship later.": "2 x mugs at EUR 4.00\n",
		"2 x mugs at EUR 4.00\nOur delivery policy (extract):\nfree over 50":           "2 x mugs at EUR 4.00\n",
		"2 x mugs at EUR 4.00\nThe terms are fine: see below":                          "2 x mugs at EUR 4.00\nThe terms are fine: see below",
	} {
		if got := offerPart(in); got != want {
			t.Errorf("offerPart(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMachineText: an automatic reply, a newsletter or a confirmation is
// no person's reply; an acceptance with a question is.
func TestMachineText(t *testing.T) {
	c := defaultExtractor(t).cfg
	for in, want := range map[string]bool{
		"Automatic reply: I am on annual leave until Monday.":   true,
		"Thank you for your order! It will ship within 2 days.": true,
		"Yes, go ahead. How much is shipping?":                  false,
	} {
		if got := c.machineText(in); got != want {
			t.Errorf("machineText(%q) = %v, want %v", in, got, want)
		}
	}
}
