// Package catalog is the optional product catalog (rules.catalog) that
// grounds extracted orders: Best resolves an item to an entry with a match
// score in 0..1, TopK lists the entries an email mentions (for the LLM
// prompt). processors.Ground and processors.Grounding apply it to orders:
// an item resolves to a SKU or is flagged unknown, a missing price is
// filled and marked; items are never added, dropped or renamed.
//
// A catalog is a CSV file (header sku,name,aliases,unit_price,currency;
// aliases separated by "|"; lines starting with # are comments) or a JSONL
// file (one object a line with those keys, aliases a list). Load is strict:
// an unknown column or key, a missing SKU or name, a repeated SKU, a bad
// price or currency fails naming the line and the field. A loaded *Catalog
// is read-only and safe for concurrent use.
package catalog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Limits of an entry; they match the output event schema's item.catalog.
const (
	MaxSKU  = 64
	MaxName = 256
)

// Entry is one catalog product.
type Entry struct {
	SKU       string   `json:"sku"`
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases,omitempty"`
	UnitPrice *float64 `json:"unit_price,omitempty"`
	Currency  string   `json:"currency,omitempty"` // ISO 4217, upper case; set when UnitPrice is
}

// Catalog is a loaded catalog with its search index.
type Catalog struct {
	entries []Entry
	version string
	idx     *index
}

// Load reads the catalog at path: .csv, or .jsonl / .json for JSON lines.
// Errors name the file, the line and the field, and say what to fix.
func Load(path string) (*Catalog, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	var es []Entry
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		es, err = parseCSV(data)
	case ".jsonl", ".json":
		es, err = parseJSONL(data)
	default:
		return nil, fmt.Errorf("catalog: %s: want a .csv or .jsonl file", path)
	}
	if err != nil {
		return nil, fmt.Errorf("catalog: %s: %w", path, err)
	}
	return New(es, data)
}

// New builds a catalog from entries (already checked by the parsers, or
// built by a test); content is what the version hashes (nil: the entries'
// SKUs and names).
func New(es []Entry, content []byte) (*Catalog, error) {
	if len(es) == 0 {
		return nil, fmt.Errorf("catalog: no entries; leave rules.catalog empty for none")
	}
	if content == nil {
		var b bytes.Buffer
		for _, e := range es {
			fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%v\x00%s\n", e.SKU, e.Name, strings.Join(e.Aliases, "|"), price(e.UnitPrice), e.Currency)
		}
		content = b.Bytes()
	}
	sum := sha256.Sum256(content)
	c := &Catalog{entries: es, version: "cat-" + hex.EncodeToString(sum[:4])}
	c.idx = newIndex(es)
	return c, nil
}

func price(p *float64) any {
	if p == nil {
		return "-"
	}
	return *p
}

// Version is "cat-" and the first 8 hex digits of the SHA-256 of the file:
// any edit changes it. It joins the extract processor's engine version.
func (c *Catalog) Version() string { return c.version }

// Len is the number of entries.
func (c *Catalog) Len() int { return len(c.entries) }

// Entry returns entry i (0 <= i < Len).
func (c *Catalog) Entry(i int) Entry { return c.entries[i] }
