package catalog

import (
	"context"

	"github.com/triage/triage/processors"
)

// DefaultThreshold is the match score from which an item is taken to be
// the catalog entry: a SKU match always is; a name needs most of its
// weighted words in common with the entry's name or an alias.
const DefaultThreshold = 0.5

// Ground returns a copy of o with every item resolved against the catalog:
// Catalog set (sku, name, score) when the best entry scores at least the
// threshold, Unknown set otherwise. An item without a unit price gets the
// entry's (PriceFrom "catalog") when the entry has one in the order's
// currency, or when the order states no currency and no price of its own
// (the order then takes the catalog's currency). Items are never added,
// dropped or renamed. o is not modified; nil gives nil.
func (c *Catalog) Ground(o *processors.Order) *processors.Order {
	if o == nil {
		return nil
	}
	g := *o
	g.Items = make([]processors.Item, len(o.Items))
	copy(g.Items, o.Items)
	stated := false
	for _, it := range o.Items {
		stated = stated || (it.UnitPrice != nil && it.PriceFrom == "")
	}
	for i := range g.Items {
		it := &g.Items[i]
		best := c.Best(it.SKU, it.Product)
		if best.Index < 0 || best.Score < DefaultThreshold {
			it.Catalog, it.Unknown = nil, true
			continue
		}
		e := c.entries[best.Index]
		it.Catalog, it.Unknown = &processors.CatalogMatch{SKU: e.SKU, Name: e.Name, Score: round(best.Score)}, false
		if it.UnitPrice != nil || e.UnitPrice == nil {
			continue
		}
		if g.Currency == "" && !stated {
			g.Currency = e.Currency
		}
		if e.Currency == g.Currency {
			p := *e.UnitPrice
			it.UnitPrice, it.PriceFrom = &p, processors.PriceFromCatalog
		}
	}
	return &g
}

func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// Grounding is the middleware that grounds every order decision of the
// wrapped processor (both engines: it sits outside the cascade). Other
// decisions and errors pass through unchanged. c nil is no grounding.
func Grounding(c *Catalog) processors.Middleware {
	return func(next processors.Processor) processors.Processor {
		if c == nil {
			return next
		}
		return processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
			out, err := next.Process(ctx, in)
			if o, ok := out.Decision.(*processors.Order); ok && err == nil && o != nil && o.IsOrder {
				out.Decision = c.Ground(o)
			}
			return out, err
		})
	}
}
