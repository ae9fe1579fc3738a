package engine

import (
	"fmt"
	"strings"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/catalog"
)

// candidates picks the catalog entries an email may mention for the
// extraction prompt: the top k by catalog.TopK over the subject, body and
// quoted context, never the whole catalog.
type candidates struct {
	c *catalog.Catalog
	k int
}

// WithCatalog gives the prompt the k catalog entries that best match each
// email (rules.catalog), in its own delimited CATALOG section; the answer
// is checked as before (products and SKUs as the email writes them).
// Call it before the extractor is used; the catalog's version belongs in
// the cache key (the pipeline's rules version carries it).
func (e *Extractor) WithCatalog(c *catalog.Catalog, k int) *Extractor {
	e.cands = candidates{c, k}
	return e
}

// lines renders the candidates for in, one "sku | name | aliases | price"
// line each; nil without a catalog or when the email names no entry.
func (cs candidates) lines(in processors.Input) []string {
	if cs.c == nil || cs.k <= 0 {
		return nil
	}
	var out []string
	for _, m := range cs.c.TopK(in.Subject+"\n"+in.Body+"\n"+in.Quoted, cs.k) {
		e := cs.c.Entry(m.Index)
		price := ""
		if e.UnitPrice != nil {
			price = fmt.Sprintf("%.2f %s", *e.UnitPrice, e.Currency)
		}
		out = append(out, strings.Join([]string{e.SKU, e.Name, strings.Join(e.Aliases, ", "), price}, " | "))
	}
	return out
}
