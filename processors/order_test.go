package processors

import (
	"testing"

	"github.com/triage/triage/schemas"
)

func TestCapItems(t *testing.T) {
	items := func(n int) []Item {
		out := make([]Item, n)
		for i := range out {
			out[i] = Item{SKU: "S", Quantity: i + 1}
		}
		return out
	}
	for _, n := range []int{0, 1, schemas.MaxOrderItems} {
		o := Order{IsOrder: n > 0, Items: items(n)}
		o.CapItems()
		if len(o.Items) != n || o.Truncated || o.ItemsTotal != 0 {
			t.Errorf("%d items: capped to %d, truncated %v, total %d; want unchanged", n, len(o.Items), o.Truncated, o.ItemsTotal)
		}
	}
	o := Order{IsOrder: true, Items: items(3000)}
	o.CapItems()
	if len(o.Items) != schemas.MaxOrderItems || !o.Truncated || o.ItemsTotal != 3000 {
		t.Fatalf("3000 items: kept %d, truncated %v, total %d", len(o.Items), o.Truncated, o.ItemsTotal)
	}
	if o.Items[0].Quantity != 1 || o.Items[len(o.Items)-1].Quantity != schemas.MaxOrderItems {
		t.Error("CapItems must keep the first items, in order")
	}
}
