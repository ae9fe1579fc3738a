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
