package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/triage/triage/schemas"
)

// largeOrderBody is an order email body of n item lines "q x SKU-0001".
func largeOrderBody(n int) string {
	var b strings.Builder
	b.WriteString("Please send the following:\n")
	for i := range n {
		fmt.Fprintf(&b, "%d x SKU-%04d\n", i%5+1, i)
	}
	return b.String()
}

// A genuine order of more lines than an event holds is cut to the schema's
// maxItems, in order, and says so (issue 9: 3,449 lines were dead-lettered
// as invalid_output).
func TestExtractCapsLargeOrder(t *testing.T) {
	o, _ := defaultExtractor(t).Extract("Order", largeOrderBody(3000))
	if !o.IsOrder || len(o.Items) != schemas.MaxOrderItems || !o.Truncated || o.ItemsTotal != 3000 {
		t.Fatalf("is_order %v, %d items, truncated %v, items_total %d", o.IsOrder, len(o.Items), o.Truncated, o.ItemsTotal)
	}
	if o.Items[0].SKU != "SKU-0000" || o.Items[schemas.MaxOrderItems-1].SKU != fmt.Sprintf("SKU-%04d", schemas.MaxOrderItems-1) {
		t.Errorf("not the first items: %+v … %+v", o.Items[0], o.Items[schemas.MaxOrderItems-1])
	}
	small, _ := defaultExtractor(t).Extract("Order", largeOrderBody(schemas.MaxOrderItems))
	if len(small.Items) != schemas.MaxOrderItems || small.Truncated || small.ItemsTotal != 0 {
		t.Errorf("an order of exactly maxItems items: %d items, truncated %v, items_total %d", len(small.Items), small.Truncated, small.ItemsTotal)
	}
}
