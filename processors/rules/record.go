package rules

import (
	"regexp"
	"strings"
)

// keyValue is a "Key: value" line with a short key.
var keyValue = regexp.MustCompile(`^\s*([^:]{1,30}?)\s*:\s*(\S.*)$`)

// recordRole returns the role named by the key of a "Key: value" line and
// the value, or roleNone. A line holding several keys ("SKU: A-1  Qty: 2")
// is not a record line: it is read as a free line.
func (c *extractorConfig) recordRole(line string) (role, string) {
	k := strings.IndexByte(line, ':')
	if k < 0 {
		return roleNone, "" // keyValue needs a colon
	}
	// The key keyValue would read is line[:k] less white space at its
	// ends, which has the same words: a line whose key names no role is
	// none, whatever the expression says.
	if _, ok := c.headerRole1[strings.Join(words(line[:k]), " ")]; !ok {
		return roleNone, ""
	}
	return c.keyValueRole(line)
}

// keyValueRole is recordRole read by the keyValue expression alone,
// without recordRole's cheap check of the key first.
func (c *extractorConfig) keyValueRole(line string) (role, string) {
	m := keyValue.FindStringSubmatch(line)
	if m == nil || strings.Contains(m[2], ": ") {
		return roleNone, ""
	}
	if r, ok := c.headerRole1[strings.Join(words(m[1]), " ")]; ok {
		return r, m[2]
	}
	return roleNone, ""
}

// recordItem reads one item from consecutive "Key: value" lines such as
// "Qty: 6", "Item: Task chair (TC-100)", "Unit price: $129.00".
func (c *extractorConfig) recordItem(fields map[role]string) (lineItem, bool) {
	q := c.lex(fields[roleQty])
	if len(q) == 0 || !isQtyNum(q[0]) {
		return lineItem{}, false
	}
	it := lineItem{qty: q[0].n, marked: true}
	for _, r := range []role{roleProduct, roleSKU} {
		v, ok := fields[r]
		if !ok {
			continue
		}
		toks := c.lex(v)
		product, sku := c.forward(v, toks, 0, len(toks), true)
		if sku == "" {
			sku = c.cell(v).sku
		}
		if sku == "" && r == roleSKU && !strings.Contains(product, " ") {
			sku, product = strings.TrimLeft(strings.TrimSpace(v), "#"), ""
		}
		if it.product == "" {
			it.product = product
		}
		if it.sku == "" {
			it.sku = sku
		}
	}
	if v, ok := fields[rolePrice]; ok {
		if p := c.cell(v).price; p != nil {
			amt := p.amount
			it.price, it.currency = &amt, p.currency
		}
	}
	return it, c.validItem(it)
}
