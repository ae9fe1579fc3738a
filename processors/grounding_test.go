package processors

import (
	"context"
	"testing"

	"github.com/triage/triage/processors/catalog"
)

func exampleCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load("../internal/demo/samples/catalog.csv")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func f64(v float64) *float64 { return &v }

func TestGround(t *testing.T) {
	c := exampleCatalog(t)
	in := &Order{IsOrder: true, Currency: "USD", Items: []Item{
		{Product: "house blend", Quantity: 2},            // price filled from the catalog
		{SKU: "DC-500", Quantity: 1, UnitPrice: f64(10)}, // the email's price stays
		{Product: "garden gnome", Quantity: 3},           // unknown: flagged, kept
		{Product: "Filter papers No. 4", Quantity: 1},    // EUR entry: not filled into a USD order
	}}
	got := Ground(c, in)
	if len(got.Items) != 4 || in.Items[0].Catalog != nil || in.Items[0].UnitPrice != nil {
		t.Fatalf("Ground changed the item count (%d) or its input", len(got.Items))
	}
	a, b, u, e := got.Items[0], got.Items[1], got.Items[2], got.Items[3]
	if a.Catalog == nil || a.Catalog.SKU != "HB-1KG" || a.UnitPrice == nil || *a.UnitPrice != 18.5 || a.PriceFrom != PriceFromCatalog || a.Unknown {
		t.Errorf("house blend: %+v", a)
	}
	if b.Catalog == nil || b.Catalog.Score != 1 || *b.UnitPrice != 10 || b.PriceFrom != "" {
		t.Errorf("DC-500: %+v (want the SKU match, the stated price kept)", b)
	}
	if !u.Unknown || u.Catalog != nil || u.Product != "garden gnome" || u.Quantity != 3 || u.UnitPrice != nil {
		t.Errorf("gnome: %+v (want flagged unknown, nothing invented)", u)
	}
	if e.Catalog == nil || e.UnitPrice != nil || got.Currency != "USD" {
		t.Errorf("filter papers: %+v, currency %q (a EUR price is not filled into a USD order)", e, got.Currency)
	}
	// A price stated without a currency: no catalog price can be put beside it.
	mixed := Ground(c, &Order{IsOrder: true, Items: []Item{{Product: "house blend", Quantity: 1}, {SKU: "DC-500", Quantity: 1, UnitPrice: f64(10)}}})
	if mixed.Items[0].UnitPrice != nil || mixed.Currency != "" {
		t.Errorf("unknown currency: %+v, currency %q", mixed.Items[0], mixed.Currency)
	}
}

// TestGroundCurrency: an order that states no price takes the catalog's
// prices and currency; prices in another currency are not mixed in.
func TestGroundCurrency(t *testing.T) {
	c := exampleCatalog(t)
	got := Ground(c, &Order{IsOrder: true, Items: []Item{
		{Product: "caramel syrup", Quantity: 3}, {Product: "descaler", Quantity: 1},
	}})
	if got.Currency != "USD" || got.Items[0].PriceFrom != PriceFromCatalog || got.Items[1].UnitPrice != nil || got.Items[1].Catalog == nil {
		t.Fatalf("got %+v %+v currency %q", got.Items[0], got.Items[1], got.Currency)
	}
	eur := Ground(c, &Order{IsOrder: true, Currency: "EUR", Items: []Item{{Product: "descaler", Quantity: 1}}})
	if eur.Items[0].UnitPrice == nil || *eur.Items[0].UnitPrice != 12.5 {
		t.Fatalf("EUR order: %+v", eur.Items[0])
	}
}

func TestGroundingMiddleware(t *testing.T) {
	c := exampleCatalog(t)
	orders := Func(func(_ context.Context, in Input) (Output, error) {
		if in.ID == "no" {
			return Output{Decision: &Order{Items: []Item{}}}, nil
		}
		return Output{Decision: &Order{IsOrder: true, Items: []Item{{SKU: "HB-1KG", Quantity: 1}}}}, nil
	})
	p := Grounding(c)(orders)
	out, err := p.Process(context.Background(), Input{ID: "yes"})
	if err != nil {
		t.Fatal(err)
	}
	if it := out.Decision.(*Order).Items[0]; it.Catalog == nil || it.Catalog.SKU != "HB-1KG" {
		t.Fatalf("item not grounded: %+v", it)
	}
	out, _ = p.Process(context.Background(), Input{ID: "no"})
	if o := out.Decision.(*Order); o.IsOrder || len(o.Items) != 0 {
		t.Fatalf("a non-order changed: %+v", o)
	}
	if Grounding(nil)(orders) == nil {
		t.Fatal("Grounding(nil) must pass the processor through")
	}
}
