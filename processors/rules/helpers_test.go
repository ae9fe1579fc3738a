package rules

import (
	"fmt"
	"strings"

	"github.com/triage/triage/processors"
)

// orderString renders an order compactly for test failure messages.
func orderString(o processors.Order) string {
	var b strings.Builder
	fmt.Fprintf(&b, "order=%v ref=%q cur=%q", o.IsOrder, o.OrderRef, o.Currency)
	for _, it := range o.Items {
		fmt.Fprintf(&b, " [%q %q x%d", it.Product, it.SKU, it.Quantity)
		if it.UnitPrice != nil {
			fmt.Fprintf(&b, " @%.2f", *it.UnitPrice)
		}
		b.WriteString("]")
	}
	return b.String()
}
