package rules

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode"
)

// A reply is resolved against the offer quoted below it: what it accepts,
// names, declines and re-quantifies; prices and items from the quote are
// marked origin quoted. Every case is written for this test.
func TestExtractResolvesQuotedOffer(t *testing.T) {
	offer := "Thanks for asking! We can do:\n- 6 x teak garden chairs at EUR 85.00 each\n- 2 x oak tables, EUR 240.00 each\nDelivery in 2 weeks."
	packages := "Package 1: 100 x flyers A5 at GBP 0.20 each\nPackage 2: 250 x flyers A5 at GBP 0.15 each"
	tests := []replyCase{
		{"both", "Yes please, we'd like both.", offer,
			"6 x teak garden chairs @85 quoted; 2 x oak tables @240 quoted"},
		{"named item, new quantity", "Go for the teak chairs, 8 of them.", offer, "8 x teak garden chairs @85 quoted"},
		{"named item, another declined", "OK, the chairs please, but leave the tables.", offer, "6 x teak garden chairs @85 quoted"},
		{"quantity instead of the quoted one", "Go ahead with the tables but 3 instead of 2.", offer, "3 x oak tables @240 quoted"},
		{"a labelled variant", "We'll go with package 2.", packages, "250 x flyers A5 @0.15 quoted"},
		{"priced line without a quantity", "OK, 3 of the copper kettles then.", "The copper kettles are back in stock at USD 54.00 each.",
			"3 x copper kettles @54 quoted"},
		{"price of an own item", "Please send 5 x linen napkins.", "Linen napkins are EUR 3.20 each, plain or striped.",
			"5 x linen napkins @3.2 quoted"},
		{"own item keeps its own price", "Please send 5 x linen napkins at EUR 3.00 each.", "Linen napkins are EUR 3.20 each.",
			"5 x linen napkins @3"},
		{"hedge", "We might take them in spring, will let you know.", offer, ""},
		{"declined", "No thank you, we found something closer to home.", offer, ""},
		{"question", "Are the chairs solid teak or veneer?", offer, ""},
		{"thanks alone", "Thanks, lovely to hear from you.", offer, ""},
		{"terms below the offer are no items nor a confirmation", "Fine, go ahead.",
			"12 x ceramic planters at GBP 18.00 each.\n\nStandard terms of sale:\n1. Orders of 20 or more units ship in 2 parts.\n2. Delivery 5 days after order confirmation; carriage GBP 7.50 per order.",
			"12 x ceramic planters @18 quoted"},
		{"a confirmation is no offer", "Yes, that's right, thanks!", "Order confirmation 5521\n6 x enamel mugs at USD 14.00 each", ""},
		{"no quoted context", "Yes please, we'd like both.", "", ""},
		{"an out-of-office reply", "Thank you for your email. I am out of the office until 3 December; for urgent orders please send an email to orders@x.example.", offer, ""},
		{"same again over a past order", "Same again please, Friday if possible.",
			"Your order 7781 has been dispatched.\n4 x sourdough loaves\n10 x butter croissants\nReturns are accepted within 7 days.",
			"4 x sourdough loaves quoted; 10 x butter croissants quoted"},
		{"as per the offer, one quantity changed", "As per your offer but 4 instead of 6 of the chairs, tables as they are.", offer,
			"4 x teak garden chairs @85 quoted; 2 x oak tables @240 quoted"},
		{"two items with the changed quantity: left as quoted", "As quoted but 5 instead of 2.", "2 x oak tables at EUR 240.00 each\n2 x oak benches at EUR 120.00 each",
			"2 x oak tables @240 quoted; 2 x oak benches @120 quoted"},
	}
	expectReplies(t, defaultExtractor(t), tests)
}

// replyCase is a reply, the offer quoted below it and the items the
// extractor must read, as "qty x product @price origin" joined by "; ",
// "" for no order.
type replyCase struct {
	name, body, quoted string
	want               string
}

// expectReplies runs each case through Process, the quoted offer as
// Input.Quoted.
func expectReplies(t *testing.T, e *Extractor, tests []replyCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := e.Process(context.Background(), processors.Input{Kind: processors.KindEmail, Subject: "Re: your offer", Body: tt.body, Quoted: tt.quoted})
			if err != nil {
				t.Fatal(err)
			}
			o := out.Decision.(*processors.Order)
			if got := itemsString(o); got != tt.want || o.IsOrder != (tt.want != "") {
				t.Errorf("got is_order %v %q, want %q", o.IsOrder, got, tt.want)
			}
		})
	}
}

func itemsString(o *processors.Order) string {
	s := ""
	for i, it := range o.Items {
		if i > 0 {
			s += "; "
		}
		s += fmt.Sprintf("%d x %s", it.Quantity, it.Product)
		if it.UnitPrice != nil {
			s += fmt.Sprintf(" @%g", *it.UnitPrice)
		}
		if it.Origin != "" {
			s += " " + it.Origin
		}
	}
	return s
}

// The whole path: a reply as it arrives on the topic, decoded by the live
// decoder (quoted history out of Body, into Quoted), then extracted.
func TestDecodedReplyOrdersTheQuotedOffer(t *testing.T) {
	text := "Great, go ahead with the mugs, 30 of them.\n\nCheers,\nLiz\n\n" +
		"On Mon, 7 Dec 2026 at 09:12, Potter's Yard <sales@potters.example> wrote:\n" +
		"> Hi Liz,\n> we have these in stock:\n> - 24 x stoneware mugs, sage, GBP 7.50 each\n> - 12 x serving bowls, GBP 16.00 each\n> Best,\n> Sam\n"
	ev, _ := json.Marshal(map[string]any{"message_id": "<r1@x.example>", "from": "liz@x.example", "to": []string{"sales@potters.example"},
		"subject": "Re: stock", "text": text, "received_at": "2026-12-07T10:00:00Z"})
	in, err := (&decode.Decoder{}).Decode(processors.KindEmail, ev)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Load("default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := NewExtractor(r).Process(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	o := out.Decision.(*processors.Order)
	// The new text's own "30 of them" (the mugs) or the quoted line: 30
	// mugs at the quoted price either way.
	if got := itemsString(o); !o.IsOrder || len(o.Items) != 1 || !strings.HasPrefix(got, "30 x ") || !strings.Contains(got, "mugs") ||
		!strings.HasSuffix(got, " @7.5 quoted") || o.Currency != "GBP" {
		t.Errorf("got %q %s (body %q, quoted %q)", got, o.Currency, in.Body, in.Quoted)
	}
}
