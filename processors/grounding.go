package processors

import (
	"context"

	"github.com/triage/triage/processors/catalog"
)

// GroundThreshold is the match score from which an item is taken to be
// the catalog entry: a SKU match always is; a name needs most of its
// weighted words in common with the entry's name or an alias.
const GroundThreshold = 0.5

// Ground returns a copy of o with every item resolved against catalog c:
// Catalog set (sku, name, score) when the best entry scores at least the
// threshold, Unknown set otherwise. An item without a unit price gets the
// entry's (PriceFrom "catalog") when the entry has one in the order's
// currency, or when the order states no currency and no price of its own
// (the order then takes the catalog's currency). Items are never added,
// dropped or renamed. o is not modified; nil gives nil.
func Ground(c *catalog.Catalog, o *Order) *Order {
	if o == nil {
		return nil
	}
	g := *o
	g.Items = make([]Item, len(o.Items))
	copy(g.Items, o.Items)
	stated := false
	for _, it := range o.Items {
		stated = stated || (it.UnitPrice != nil && it.PriceFrom == "")
	}
	for i := range g.Items {
		it := &g.Items[i]
		best := c.Best(it.SKU, it.Product)
		if best.Index < 0 || best.Score < GroundThreshold {
			it.Catalog, it.Unknown = nil, true
			continue
		}
		e := c.Entry(best.Index)
		it.Catalog, it.Unknown = &CatalogMatch{SKU: e.SKU, Name: e.Name, Score: round3(best.Score)}, false
		if it.UnitPrice != nil || e.UnitPrice == nil {
			continue
		}
		if g.Currency == "" && !stated {
			g.Currency = e.Currency
		}
		if e.Currency == g.Currency {
			p := *e.UnitPrice
			it.UnitPrice, it.PriceFrom = &p, PriceFromCatalog
		}
	}
	return &g
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// Grounding is the middleware that grounds every order decision of the
// wrapped processor in the catalog (rules.catalog) (both engines: it sits outside the cascade). Other
// decisions and errors pass through unchanged. c nil is no grounding.
func Grounding(c *catalog.Catalog) Middleware {
	return func(next Processor) Processor {
		if c == nil {
			return next
		}
		return Func(func(ctx context.Context, in Input) (Output, error) {
			out, err := next.Process(ctx, in)
			if o, ok := out.Decision.(*Order); ok && err == nil && o != nil && o.IsOrder {
				out.Decision = Ground(c, o)
			}
			return out, err
		})
	}
}
