package rules

import (
	"cmp"
	"fmt"
	"strings"
	"testing"
)

// Prose, terse and list orders without a cue phrase, and the traps around
// them, each in wording of its own: what the extractor reads as items.
func TestProseOrdersAndTraps(t *testing.T) {
	tests := []struct {
		name, subject, body string
		want                string // "qty product" items joined by "; ", "" when not an order
	}{
		{"per unit with its count", "party", "We'd like 3 paper straws per guest for the 40 guests, thanks.", "120 paper straws"},
		{"each of N", "schools", "Each of our 3 branches needs 12 notepads. Please deliver Monday.", "36 notepads"},
		{"for each of N", "stalls", "Please send one banner for each of the 9 stalls, and 20 bunting strings.", "9 banner; 20 bunting strings"},
		{"pack size per box is no count", "gloves", "Please send 6 boxes of latex gloves, 100 per box.", "6 latex gloves"},
		{"pack size after of", "swabs", "Please send 2 cartons of 500 cotton swabs.", "2 cotton swabs"},
		{"glued unit", "order", "We order: rubber stamp 30pcs, ink pad 12pcs.", "30 rubber stamp; 12 ink pad"},
		{"nos", "requirement", "Please supply:\nCopper pot 2L - 6 nos\nLadle steel - 10 nos", "6 Copper pot 2L; 10 Ladle steel"},
		{"more before a unit", "add-on", "could you add 3 more crates of apples to friday's drop?", "3 apples"},
		{"reference to goods named before", "the linen aprons", "Loved the linen aprons at the market. I'll take 4 of them.", "4 linen aprons"},
		{"reference without goods is no item", "hi", "I'll take 4 of them.", ""},
		{"lone one is a pronoun", "letter", "My mother bought one of your teapots years ago. Could you send me 2 of the blue teapots?", "2 blue teapots"},
		{"ward and year are no counts", "supplies", "Please send 4 boxes of tissues to Ward 9 for Year 2.", "4 tissues"},
		{"article numbers", "call-off", "Under Article 12 and Section 3 of our contract please supply 5 steel workbenches.", "5 steel workbenches"},
		{"address after 'address is'", "bulbs", "I'd like 6 tulip bulbs. My address is 41 Birch Lane, Cork.", "6 tulip bulbs"},
		{"ref code after of", "commande", "Je prends 3 of ref. 7781 please.", "3 7781"},
		{"hash code", "codes", "I want 2 of #4410 and 1 of #4415", "2 4410; 1 4415"},
		{"terse marked note", "bolts", "5 x M8 bolts please", "5 M8 bolts"},
		{"terse question is no order", "bolts", "5 x M8 bolts in stock?", ""},
		{"quote request", "RFQ", "Request for quotation:\n200 x hinge\n100 x latch\nPlease quote unit prices.", ""},
		{"price question", "sand", "what is the price of 20 bags of sand delivered?", ""},
		{"hedge", "lamps", "maybe we order 3 lamps after Christmas, let me think", ""},
	}
	ex := defaultExtractor(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, conf := ex.Extract(tt.subject, tt.body)
			var got []string
			for _, it := range o.Items {
				got = append(got, fmt.Sprintf("%d %s", it.Quantity, cmp.Or(it.Product, it.SKU)))
			}
			if g := strings.Join(got, "; "); g != tt.want || o.IsOrder != (tt.want != "") {
				t.Errorf("order %v items %q, want %q", o.IsOrder, g, tt.want)
			}
			if conf < 0 || conf > 1 {
				t.Errorf("confidence %v", conf)
			}
		})
	}
}

// The confidence says "unsure" (below 0.5) when the evidence is weak, and
// is surer with cues and marked quantities.
func TestExtractConfidenceCanBeUnsure(t *testing.T) {
	ex := defaultExtractor(t)
	for _, tt := range []struct {
		body     string
		min, max float64
	}{
		{"5 x M8 bolts, thanks", 0, 0.49},                                 // terse, no cue
		{"5 x M8 bolts please", 0.5, 1},                                   // a quantity asked for politely: cued (order.please)
		{"carrots 10 kg\nonions 15 kg\nleeks 4 kg", 0, 0.49},              // bare list, no cue
		{"Please send the usual order, see attached.", 0, 0.49},           // cued, nothing readable
		{"Please send 4 x Blue Widget (BW-01) at $4.00 each.", 0.6, 1},    // cued, marked
		{"Thanks for the lovely service last week!", 0.6, 1},              // nothing to order
		{"Maybe we'll order 3 x lamps later, let me think.", 0.5, 1},      // hedged: not an order
		{"We'd like 3 lamps, but how much is shipping to Cork?", 0, 0.75}, // an order with a question
	} {
		_, conf := ex.Extract("", tt.body)
		if conf < tt.min || conf > tt.max {
			t.Errorf("%q: confidence %.2f, want [%.2f,%.2f]", tt.body, conf, tt.min, tt.max)
		}
	}
}
