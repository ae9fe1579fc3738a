package config

import (
	"fmt"

	"github.com/triage/triage/processors/catalog"
)

// validateCatalog loads rules.catalog when it is set, so that "config
// check" fails on a catalog "run" would refuse (the error names the line
// and the field).
func (r Rules) validateCatalog() []error {
	if r.Catalog == "" {
		return nil
	}
	if _, err := catalog.Load(r.Catalog); err != nil {
		return []error{fmt.Errorf("rules.catalog: %w (fix the file, or leave rules.catalog empty for none)", err)}
	}
	return nil
}
