package pipeline

import (
	"fmt"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/catalog"
)

// catalogTopK is how many catalog entries the LLM extraction prompt gets
// for one email: those the email mentions most, never the whole catalog.
const catalogTopK = 8

// loadCatalog loads rules.catalog; nil when path is empty. It fails naming
// the setting, the line and the field.
func loadCatalog(path string) (*catalog.Catalog, error) {
	if path == "" {
		return nil, nil
	}
	c, err := catalog.Load(path)
	if err != nil {
		return nil, fmt.Errorf("pipeline: rules.catalog: %w", err)
	}
	return c, nil
}

// grounding is the catalog middleware of processor name: for "extract"
// with a catalog, every order (rules, LLM, cache or a person's) is
// grounded in it; none otherwise.
func (e *engines) grounding(name string) []processors.Middleware {
	if name != "extract" || e.catalog == nil {
		return nil
	}
	return []processors.Middleware{processors.Grounding(e.catalog)}
}
