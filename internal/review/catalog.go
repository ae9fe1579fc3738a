package review

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/triage/triage/processors/catalog"
)

// catalogHits bounds the suggestions of one catalog search.
const catalogHits = 10

// hit is one catalog suggestion of GET /catalog.
type hit struct {
	SKU       string   `json:"sku"`
	Name      string   `json:"name"`
	UnitPrice *float64 `json:"unit_price,omitempty"`
	Currency  string   `json:"currency,omitempty"`
}

// searchCatalog answers GET /catalog?q=TEXT with the catalog entries the
// text names, best first (catalog.TopK: words of the name or an alias, or
// the SKU), at most catalogHits, as a JSON array: the page's item editor
// suggests them as the reviewer types. 404 without a catalog.
func (s *Server) searchCatalog(w http.ResponseWriter, r *http.Request) {
	if s.o.Catalog == nil {
		http.Error(w, "review: no catalog configured (rules.catalog)", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(suggest(s.o.Catalog, r.URL.Query().Get("q")))
}

func suggest(c *catalog.Catalog, q string) []hit {
	out := []hit{}
	if strings.TrimSpace(q) == "" {
		return out
	}
	for _, cand := range c.TopK(q, catalogHits) {
		e := c.Entry(cand.Index)
		out = append(out, hit{SKU: e.SKU, Name: e.Name, UnitPrice: e.UnitPrice, Currency: e.Currency})
	}
	return out
}
