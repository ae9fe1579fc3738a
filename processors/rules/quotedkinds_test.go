package rules

import "testing"

// TestQuotedReplyKinds: the kinds of reply the frozen sets 2026-11-29d and
// -29e showed the rules missing, written anew in other voices and trades
// (none is a labelled record): a repeat with a factor or a line left out,
// an addition to an order already placed, a status question about one, a
// whole offer taken with one quantity changed or with both price-only
// lines, a named item and a quantity without an acceptance word, an
// obligation that defers, terms under a heading without a colon, and two
// items on one quoted line told apart by their own words.
func TestQuotedReplyKinds(t *testing.T) {
	placed := "Order 4410 confirmed, thank you.\n6 x hoof picks @ £3.20\n2 x saddle soap tins @ £7.90\n4 x lead ropes @ £5.50"
	priceList := "Hi Sven,\nwe have two options for you:\n- Birch sauna bucket with liner: €39.00\n- Sauna ladle, long handle: €14.50\nAll in stock."
	expectReplies(t, defaultExtractor(t), []replyCase{
		{"repeat with a factor on every line", "Same again but x2 please, the season has started", placed,
			"12 x hoof picks @3.2 quoted; 4 x saddle soap tins @7.9 quoted; 8 x lead ropes @5.5 quoted"},
		{"repeat with one line doubled", "same again, and double the lead ropes this time", placed,
			"6 x hoof picks @3.2 quoted; 2 x saddle soap tins @7.9 quoted; 8 x lead ropes @5.5 quoted"},
		{"repeat without one line", "Same like last month but no saddle soap, we still have plenty.", placed,
			"6 x hoof picks @3.2 quoted; 4 x lead ropes @5.5 quoted"},
		{"an addition to a placed order", "Could you add 3 more of the lead ropes to that? The new ponies chew them.", placed,
			"3 x lead ropes @5.5 quoted"},
		{"a status question about a placed order", "When will this go out? We need it before the show.", placed, ""},
		{"a whole offer with one quantity changed", "Great, go ahead with all of it, but 30 programmes instead of 25.",
			"Quote 88-B\n25 x printed programmes A5 at £1.10 each\n1 x poster A2 at £12.00\n",
			"30 x printed programmes A5 @1.1 quoted; 1 x poster A2 @12 quoted"},
		{"both price-only lines", "Ok I take both. Put them in one box please.", priceList,
			"1 x Birch sauna bucket with liner @39 quoted; 1 x Sauna ladle, long handle @14.5 quoted"},
		{"a named item and a quantity, no acceptance word", "The ladles then, 6 of them. Not the buckets.", priceList,
			"6 x ladles @14.5 quoted"},
		{"an obligation defers", "I'll have to run it past the board first.", "2 x display cabinets at £340.00 each", ""},
		{"terms under a heading without a colon", "Confirmed, go ahead.",
			"8 x tide clocks at £22.00 each\n\nConditions of sale\n1. Orders under 10 units carry a £5.00 fee.\n",
			"8 x tide clocks @22 quoted"},
		{"two items on one quoted line", "ok the mint ones, but 50 instead of 30. not the lemon.",
			"Hola! this month: 30 x lip balm mint at 1,20 EUR and 30 x lip balm lemon at 1,10 EUR.",
			"50 x lip balm mint @1.2 quoted"},
	})
}

// TestQuotedReplyKinds7: reply kinds 2026-11-29f's misses showed, written
// anew (none is a labelled record): "both please" accepts; "the second
// option, N of them" picks that line; a hedge about one offered line
// leaves the others; a hedge on the acceptance itself waits; "same again,
// and 10 more of the lids" adds; "double please - except X, we don't need
// another" leaves X out and doubles the rest; "S$" is Singapore dollars.
func TestQuotedReplyKinds7(t *testing.T) {
	options := "Here are the options:\n1) Cedar planters, small - £12.00 each\n2) Cedar planters, large - £19.50 each\n3) Potting bench, 120cm - £145.00"
	placed := "Order 7710 confirmed:\n30 ctn 8oz soup cups @ S$21.00\n15 ctn lids @ S$8.50\n1 x soup ladle @ S$6.00"
	expectReplies(t, defaultExtractor(t), []replyCase{
		{"both please", "Both please, thank you.", "Option A: 12 x fleece blankets at £9.00 each\nOption B: 6 x hot water bottles at £5.50 each",
			"12 x fleece blankets @9 quoted; 6 x hot water bottles @5.5 quoted"},
		{"the second option", "We'll go with the second option, 8 of them please.", options, "8 x Cedar planters, large @19.5 quoted"},
		{"a hedge about one line", "The small planters please, 10 of them. Maybe the bench in spring.", options, "10 x small planters @12 quoted"},
		{"a hedge on the acceptance", "If the price holds we may take 10 of the small planters.", options, ""},
		{"same again and more of one line", "Same again pls. Lids add 5 carton more.", placed,
			"30 x 8oz soup cups @21 quoted; 20 x lids @8.5 quoted; 1 x soup ladle @6 quoted"},
		{"double except one line", "Same as last time but double please - except the ladle, we still have it and don't need another.", placed,
			"60 x 8oz soup cups @21 quoted; 30 x lids @8.5 quoted"},
	})
}
