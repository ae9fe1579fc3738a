package rules

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/triage/triage/processors"
)

func defaultExtractor(t testing.TB) *Extractor {
	t.Helper()
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return NewExtractor(r)
}

// want is an expected item: product (compared case-insensitively, the
// extracted name must contain it), SKU, quantity and price (-1: none).
type want struct {
	product, sku string
	qty          int
	price        float64
}

const noPrice = -1

func checkItems(t *testing.T, got []processors.Item, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("got %d items %s, want %d", len(got), orderString(processors.Order{Items: got}), len(wants))
	}
	for i, w := range wants {
		g := got[i]
		if g.Quantity != w.qty || !strings.Contains(strings.ToLower(g.Product), strings.ToLower(w.product)) ||
			!strings.EqualFold(g.SKU, w.sku) {
			t.Errorf("item %d = %s, want %+v", i, orderString(processors.Order{Items: []processors.Item{g}}), w)
		}
		switch {
		case w.price == noPrice && g.UnitPrice != nil:
			t.Errorf("item %d: price %v, want none", i, *g.UnitPrice)
		case w.price != noPrice && (g.UnitPrice == nil || *g.UnitPrice != w.price):
			t.Errorf("item %d: price %v, want %v", i, g.UnitPrice, w.price)
		}
	}
}

func TestExtractQuantities(t *testing.T) {
	ex := defaultExtractor(t)
	tests := []struct {
		name, body string
		want       want
	}{
		{"digits", "I'd like to order 3 Blue Widgets.", want{"Blue Widgets", "", 3, noPrice}},
		{"number word", "Please send two boxes of copy paper.", want{"copy paper", "", 2, noPrice}},
		{"a dozen", "Please send a dozen red pens.", want{"red pens", "", 12, noPrice}},
		{"half a dozen", "Please send half a dozen of the ceramic mugs.", want{"ceramic mugs", "", 6, noPrice}},
		{"a pair of", "I'd like to order a pair of hiking boots.", want{"hiking boots", "", 2, noPrice}},
		{"a couple of", "Please send a couple of replacement blades.", want{"replacement blades", "", 2, noPrice}},
		{"twenty-five", "We need twenty-five folding chairs.", want{"folding chairs", "", 25, noPrice}},
		{"two dozen", "Please send two dozen eggs.", want{"eggs", "", 24, noPrice}},
		{"x3 postfix", "Please send:\nBlue Widget x3", want{"Blue Widget", "", 3, noPrice}},
		{"3x prefix", "can i get 3x garlic bread", want{"garlic bread", "", 3, noPrice}},
		{"3 pcs", "Please send 3 pcs Blue Widget", want{"Blue Widget", "", 3, noPrice}},
		{"pcs postfix", "Order:\n- Stapler, heavy duty - 2 pcs", want{"Stapler, heavy duty", "", 2, noPrice}},
		{"qty key", "Please supply:\nPart no. 44-1021  qty: 8", want{"", "44-1021", 8, noPrice}},
		{"units of", "We need 25 units of SKU-4471.", want{"", "SKU-4471", 25, noPrice}},
		{"thousands", "Please send 1,000 branded pens at $0.45 each.", want{"branded pens", "", 1000, 0.45}},
		{"bullet bare", "Please deliver:\n- Black coffee mugs - 24", want{"Black coffee mugs", "", 24, noPrice}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, _ := ex.Extract("Order", tt.body)
			if !o.IsOrder {
				t.Fatalf("not an order: %s", orderString(o))
			}
			checkItems(t, o.Items, []want{tt.want})
		})
	}
}

func TestExtractSKUsAndPrices(t *testing.T) {
	ex := defaultExtractor(t)
	tests := []struct {
		name, body, currency string
		want                 []want
	}{
		{"SKU in parens, @ price", "Please send:\n- 3 x Blue Widget (SKU BW-01) @ $4.00", "USD",
			[]want{{"Blue Widget", "BW-01", 3, 4}}},
		{"ABC-123-XL", "please ship 4 of the monitors (ABC-123-XL), 189.00 GBP each.", "GBP",
			[]want{{"monitors", "ABC-123-XL", 4, 189}}},
		{"hash SKU", "I'd like to order 2 boots, product #A1234.", "", []want{{"boots", "A1234", 2, noPrice}}},
		{"euro per Stück", "Wir möchten bestellen:\n5 x Kaffee 1kg à €9,99/Stück", "EUR", []want{{"Kaffee 1kg", "", 5, 9.99}}},
		{"code after amount", "Please send 5 SKU-3010 at 12.50 USD each.", "USD", []want{{"", "SKU-3010", 5, 12.5}}},
		{"at GBP per unit", "Kindly supply 6 units of fire blankets at 4.20 GBP per unit.", "GBP",
			[]want{{"fire blankets", "", 6, 4.2}}},
		{"@ $3", "Please send 10 x cable ties @ $3", "USD", []want{{"cable ties", "", 10, 3}}},
		{"line total ignored", "Please send:\n- 3 x Blue Widget = $12.00", "", []want{{"Blue Widget", "", 3, noPrice}}},
		{"markdown table", "Please process our order:\n\n| SKU | Product | Qty | Unit price |\n|---|---|---|---|\n" +
			"| BW-01 | Blue Widget | 3 | 4.00 |\n| RG-02 | Red Gadget | 5 | 7.50 |\n\nPrices in USD.", "USD",
			[]want{{"Blue Widget", "BW-01", 3, 4}, {"Red Gadget", "RG-02", 5, 7.5}}},
		{"tab table", "Purchase order 7781\n\nItem\tDescription\tQty\tPrice\nTX-200\tThermal printer\t2\t249.00\n" +
			"TL-50\tLabel rolls\t20\t3.10\n\nCurrency: EUR", "EUR",
			[]want{{"Thermal printer", "TX-200", 2, 249}, {"Label rolls", "TL-50", 20, 3.1}}},
		{"headerless pipe table", "Weekly order:\n\nMilk 2L | 30\nButter 250g | 12", "",
			[]want{{"Milk 2L", "", 30, noPrice}, {"Butter 250g", "", 12, noPrice}}},
		{"key value record", "PO-2211\n\nQty: 6\nItem: Task chair (TC-100)\nUnit price: $129.00", "USD",
			[]want{{"Task chair", "TC-100", 6, 129}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, _ := ex.Extract("Order", tt.body)
			if !o.IsOrder {
				t.Fatalf("not an order: %s", orderString(o))
			}
			if o.Currency != tt.currency {
				t.Errorf("currency %q, want %q", o.Currency, tt.currency)
			}
			checkItems(t, o.Items, tt.want)
		})
	}
}

// TestExtractIgnores checks that numbers that are not quantities never
// become items in an order that has exactly one real item.
func TestExtractIgnores(t *testing.T) {
	ex := defaultExtractor(t)
	real := want{"Blue Widgets", "", 3, noPrice}
	tests := []struct{ name, extra string }{
		{"ISO date", "Please deliver on 2026-11-27."},
		{"slash date", "We need them by 27/11/2026 please."},
		{"month date", "We need them by Nov 27 please."},
		{"day month", "We need them by 27 November please."},
		{"time", "We need them at 10:30 or 3 pm."},
		{"phone", "Call me on +1 555 123 4567 or 555 123 4567."},
		{"total", "Total: $120"},
		{"inline total", "That makes a total of $120.00 with the subtotal 100 USD."},
		{"subtotal line", "Subtotal: 3 items, 12.00 USD"},
		{"order number", "This is about order #55123."},
		{"invoice number", "Please quote invoice 7781 on payment."},
		{"PO number", "Our PO is PO-2026-0142."},
		{"postcode", "Deliver to: 12 High Street, London SW1A 1AA"},
		{"street number prose", "Our office is at 12 High Street."},
		{"quoted other price", "Last time the Red Gadget was $5."},
		{"durations", "We need them within 5 days, we have 20 employees waiting."},
		{"percent", "We expect a 10% discount."},
		{"signature", "Thanks,\nJane Doe\n14 Mill Lane\nBristol BS1 4DJ\n07700 900123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, _ := ex.Extract("Order", "I'd like to order 3 Blue Widgets.\n"+tt.extra)
			if !o.IsOrder {
				t.Fatalf("not an order: %s", orderString(o))
			}
			checkItems(t, o.Items, []want{real})
		})
	}
}

func TestExtractNonOrders(t *testing.T) {
	ex := defaultExtractor(t)
	tests := []struct{ name, subject, body, ref string }{
		{"status query", "Where is my order?", "Hi, where is my order #123? It should have arrived.", "123"},
		{"return", "Return", "I'd like to return 2 of the Blue Widgets from order 55123, they arrived damaged.", "55123"},
		{"cancellation", "Cancel", "Please cancel my order 88231 for 5 office chairs.", "88231"},
		{"question", "Question", "Does the Blue Widget come in green? Is 3 enough for a kitchen?", ""},
		{"quote request", "Quote", "Could you send me a quote for 200 units of SD-140?", ""},
		{"newsletter", "Sale!", "SPRING SALE - up to 40% off! Buy 2 get 1 free on all mugs. Order now!\nUnsubscribe", ""},
		{"invoice", "Invoice INV-42", "Please find attached invoice INV-42.\n- 3 x Blue Widget @ $4.00 = $12.00\nTotal due: $12.00", ""},
		{"complaint", "Late", "I ordered 3 pizzas an hour ago and they still haven't arrived.", ""},
		{"confirmation", "Your order", "Thank you for your order! 3 x Blue Widget $4.00. Total: $12.00", ""},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, conf := ex.Extract(tt.subject, tt.body)
			if o.IsOrder || len(o.Items) != 0 || o.Items == nil {
				t.Errorf("got %s, want no order with empty (non-nil) items", orderString(o))
			}
			if o.OrderRef != tt.ref {
				t.Errorf("ref %q, want %q", o.OrderRef, tt.ref)
			}
			if conf < 0 || conf > 1 {
				t.Errorf("confidence %v out of [0,1]", conf)
			}
		})
	}
}

func TestExtractOrderRef(t *testing.T) {
	ex := defaultExtractor(t)
	tests := []struct{ subject, body, want string }{
		{"PO PO-2026-0142", "Please send 3 x Widget", "PO-2026-0142"},
		{"Order #55123", "Please send 3 x Widget", "55123"},
		{"Order", "purchase order 7781: please send 3 x Widget", "7781"},
		{"Order", "Please send 3 x Widget. Our ref: ACME/2291", "ACME/2291"},
		{"Order", "Please send 3 x Widget. Our PO number is 4500012345.", "4500012345"},
		{"Order", "Please send 3 x Widget.", ""},
		{"PO KT-4410", "Please send 3 x Widget", "KT-4410"},
		{"Zamówienie", "Nr zamówienia: ZAM/2026/0412. Please send 3 x Widget", "ZAM/2026/0412"},
		{"Pedido", "Número de pedido 2026-118: please send 3 x Widget", "2026-118"},
		{"Re: Your order 20931 has shipped", "Great, please send 3 x Widget too.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			o, _ := ex.Extract(tt.subject, tt.body)
			if o.OrderRef != tt.want {
				t.Errorf("ref %q, want %q (%s)", o.OrderRef, tt.want, orderString(o))
			}
		})
	}
}

func TestExtractorProcess(t *testing.T) {
	ex := defaultExtractor(t)
	in := processors.Input{Kind: processors.KindEmail, ID: "m1", Subject: "Order", Body: "Please send 3 x Blue Widget @ $4.00"}
	out, err := ex.Process(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	o, ok := out.Decision.(*processors.Order)
	if !ok || !o.IsOrder || len(o.Items) != 1 || o.Currency != "USD" {
		t.Fatalf("decision = %#v", out.Decision)
	}
	pv := out.Provenance
	if pv.Source != processors.SourceRules || !strings.HasPrefix(pv.EngineVersion, "rules-") || pv.Confidence == nil ||
		*pv.Confidence < 0 || *pv.Confidence > 1 {
		t.Errorf("provenance = %+v", pv)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ex.Process(ctx, in); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: err = %v, want context.Canceled", err)
	}
}

// A long line of bytes that start no rune (invalid UTF-8) is still cut:
// splitLong looped forever on it (found by FuzzExtract).
func TestSplitLongWithoutRuneStarts(t *testing.T) {
	got := splitLong([]string{strings.Repeat("\x96", 3*maxLine+5)})
	if len(got) != 4 || len(got[0]) != maxLine || len(got[3]) != 5 {
		t.Errorf("split into %d lines", len(got))
	}
}

// A reference longer than the schema's 128 runes is a run of characters:
// the extractor passes over it to a real one, or reports none.
func TestOrderRefIsBounded(t *testing.T) {
	rs, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	long := "PO 4" + strings.Repeat("m", 300)
	for _, c := range []struct{ body, want string }{
		{long + "\nplease send 2 x Blue Widget", ""},
		{long + "\nPO-7710\nplease send 2 x Blue Widget", "PO-7710"},
	} {
		out, err := NewExtractor(rs).Process(context.Background(), processors.Input{Subject: "order", Body: c.body})
		if err != nil {
			t.Fatal(err)
		}
		if got := out.Decision.(*processors.Order).OrderRef; got != c.want {
			t.Errorf("order ref %q, want %q", got, c.want)
		}
	}
}
