package demo

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
)

// sampleCatalog is the product catalog the demo grounds its orders in
// (rules.catalog); it names the products of the sample emails.
//
//go:embed samples/catalog.csv
var sampleCatalog []byte

// writeCatalog writes the sample catalog to a temporary file for
// rules.catalog and returns its path and what removes it.
func writeCatalog() (string, func(), error) {
	dir, err := os.MkdirTemp("", "triage-demo-")
	if err != nil {
		return "", nil, fmt.Errorf("demo: sample catalog: %w", err)
	}
	path := filepath.Join(dir, "catalog.csv")
	if err := os.WriteFile(path, sampleCatalog, 0o600); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("demo: sample catalog: %w", err)
	}
	return path, func() { os.RemoveAll(dir) }, nil
}
