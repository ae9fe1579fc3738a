package rules

import "testing"

// TestExtractUnseenMail pins the general fixes made after the extractor
// failed on mail unlike its dev set: pack sizes inside product names,
// addresses, long codes, address blocks, tables labelling names "Item".
func TestExtractUnseenMail(t *testing.T) {
	ex := defaultExtractor(t)
	tests := []struct {
		name, subject, body string
		want                []want
	}{
		{"pack size after the product", "Order",
			"Please send:\n- 12 x Arabica 1 kg (HB-1KG) @ $18.50\n- 4 x Decaf 500 g @ $11.25",
			[]want{{"Arabica 1 kg", "HB-1KG", 12, 18.50}, {"Decaf 500 g", "", 4, 11.25}}},
		{"decimal pack size", "Order", "Please send 10 x Tinned tomatoes 2.5 kg.",
			[]want{{"Tinned tomatoes 2.5 kg", "", 10, noPrice}}},
		{"pack size in prose", "Order", "Can we get 6 jars of Dijon mustard 370 g and 4 tubs of crème fraîche 1 l?",
			[]want{{"Dijon mustard 370 g", "", 6, noPrice}, {"crème fraîche 1 l", "", 4, noPrice}}},
		{"size in parentheses", "Order", "Please send 3 white mugs (12 oz).",
			[]want{{"white mugs", "", 3, noPrice}}},
		{"weight alone is the quantity", "Order", "For Monday please:\n- Courgettes, 8 kg at €1.95 per kg",
			[]want{{"Courgettes", "", 8, 1.95}}},
		{"weight followed by of", "Order", "We need 10 kg of sugar and 2 boxes of tea.",
			[]want{{"sugar", "", 10, noPrice}, {"tea", "", 2, noPrice}}},
		{"box of 12 is a pack size", "Order", "Qty 24  Shortbread, box of 12 (BIS-SB-12)  £2.10 each",
			[]want{{"Shortbread", "BIS-SB-12", 24, 2.10}}},
		{"multi-segment codes", "Order", "Please send:\nYST-DRY-500 x 10\nNAP-2PLY-WHT-3000 x 1\nGN11-LID x 4",
			[]want{{"", "YST-DRY-500", 10, noPrice}, {"", "NAP-2PLY-WHT-3000", 1, noPrice}, {"", "GN11-LID", 4, noPrice}}},
		{"not-SKU prefix needs a separator", "Order", "Please send 2 x Teapot (POT-SW-12).",
			[]want{{"Teapot", "POT-SW-12", 2, noPrice}}},
		{"European address", "Order",
			"We would like to order 3 x Filter papers.\nDelivery to Keizersgracht 123, 1015 CJ Amsterdam.",
			[]want{{"Filter papers", "", 3, noPrice}}},
		{"street address line", "Order", "Please send 2 x Oat milk.\nHotel Seeblick, Seestrasse 8, 6004 Luzern",
			[]want{{"Oat milk", "", 2, noPrice}}},
		{"street name compound", "Order", "Please send 2 x Oat milk.\nLindenstraße 14\nDrottninggatan 45",
			[]want{{"Oat milk", "", 2, noPrice}}},
		{"address block", "Order", "Please send 2 x Oat milk.\n\nShip to:\nCafé Norte\nCalle Mayor 45\n28004 Madrid\n\nThanks",
			[]want{{"Oat milk", "", 2, noPrice}}},
		{"foreign sign-off", "Order", "Please send 2 x Oat milk.\n\nMed vänliga hälsningar\nErik\nGötgatan 12, 118 46 Stockholm",
			[]want{{"Oat milk", "", 2, noPrice}}},
		{"item column holds names", "Order",
			"Please find our order:\nSKU | Item | Qty | Unit price\nFLR-T55-25 | Bread flour T55, 25 kg sack | 6 | $31.00\nTotal | $186.00",
			[]want{{"Bread flour T55, 25 kg sack", "FLR-T55-25", 6, 31.00}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := ex.Extract(tc.subject, tc.body)
			if !got.IsOrder {
				t.Fatalf("not an order: %s", orderString(got))
			}
			checkItems(t, got.Items, tc.want)
		})
	}
}

// TestExtractUnseenDecisions pins order detection, currency and reference on
// kinds of mail the first dev set lacked.
func TestExtractUnseenDecisions(t *testing.T) {
	ex := defaultExtractor(t)
	tests := []struct {
		name, subject, body string
		isOrder             bool
		ref, currency       string
	}{
		{"PO asking to quote it on the invoice", "Purchase order PO-4512",
			"Please accept this purchase order.\n\nQty 2   Knife block (BLK-8)   £45.00 each\n\nPlease quote our PO number on your invoice.",
			true, "PO-4512", "GBP"},
		{"reference is", "Order", "We would like to order 6 x Assam tea at £11.40 each. Our order reference is TRH/0921.",
			true, "TRH/0921", "GBP"},
		{"ref in subject", "order for next week (ref SUN-3321)", "Please send two cases of Pinot Grigio.",
			true, "SUN-3321", ""},
		{"yen", "Order", "Please send:\nMatcha 100 g (MAT-100) x 10 @ ¥1,800", true, "", "JPY"},
		{"Swedish kronor", "Order", "Please send:\n12 x Kanelbulle (KB-80) à 9,50 SEK", true, "", "SEK"},
		{"quote request", "Pricing", "What would 30 cases of the Supremo 1 kg cost per month? Nothing to order yet.",
			false, "", ""},
		{"could you quote", "Cups", "Could you quote for 10,000 cups 8 oz (CUP-8OZ) and lids?", false, "", ""},
		{"question about a PO", "Delivery", "Quick question about our PO-2026-0311 (24 x Oat drink). Can the driver come at 8?",
			false, "PO-2026-0311", ""},
		{"delivery came without items", "Missing", "Our delivery for PO 9921 came without the 3 x Vanilla syrup (SYR-1L). Can you send them?",
			false, "9921", ""},
		{"invoice with a number", "Invoice", "Your invoice 10092 charges 150 notebooks at 1.30 but our PO says 1.20.",
			false, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := ex.Extract(tc.subject, tc.body)
			if got.IsOrder != tc.isOrder || got.OrderRef != tc.ref || got.Currency != tc.currency && tc.isOrder {
				t.Errorf("got %s, want order=%v ref=%q cur=%q", orderString(got), tc.isOrder, tc.ref, tc.currency)
			}
		})
	}
}
