package processors

import "github.com/triage/triage/schemas"

// CapItems keeps the first schemas.MaxOrderItems items of o, the most an
// order event may carry, so a genuine large order is published rather than
// dead-lettered as invalid_output. When it cuts, it sets Truncated and
// ItemsTotal (the count before cutting); otherwise it changes nothing.
// Every extractor applies it to what it returns.
func (o *Order) CapItems() {
	if n := len(o.Items); n > schemas.MaxOrderItems {
		o.Items = o.Items[:schemas.MaxOrderItems:schemas.MaxOrderItems]
		o.Truncated, o.ItemsTotal = true, n
	}
}
