package rules

import (
	"strings"
	"unicode/utf8"
)

// readItems reads the order lines of a cut body (subject: what a reference
// such as "6 of them" may stand for last): tables, "Key: value"
// records and free lines, skipping lines such as totals and addresses, and
// address blocks (an address header and the lines up to the next blank one).
func (c *extractorConfig) readItems(lines []string, subject string) []lineItem {
	cued := func(s string) bool {
		v, _ := c.orderCues.score(newText(s))
		return v > 0
	}
	var out []lineItem
	record := map[role]string{}
	flush := func() {
		if len(record) > 0 {
			if it, ok := c.recordItem(record); ok {
				out = append(out, it)
			}
			record = map[role]string{}
		}
	}
	inAddress := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if inAddress {
			inAddress = strings.TrimSpace(l) != ""
			continue
		}
		if c.addressRes.any(l) {
			flush()
			inAddress = true // "Ship to:" and the address lines below it
			continue
		}
		if r, v := c.recordRole(l); r != roleNone && r != roleIgnore {
			if _, dup := record[r]; dup {
				flush()
			}
			record[r] = v
			continue
		}
		flush()
		if c.skipLine(l) {
			continue
		}
		if rows, n := c.tableAt(lines, i); n > 0 {
			out = append(out, c.tableItems(rows)...)
			i += n - 1
			continue
		}
		if segs, toks := c.countedList(l); segs != nil {
			for k, seg := range segs {
				out = append(out, c.lexedItems(seg, toks[k], cued, nil)...)
			}
			continue
		}
		ante := func(before string) string { return c.antecedent(before, lines[:i], subject) }
		out = append(out, c.lineItemsAt(l, cued, ante)...)
	}
	flush()
	return fitting(out)
}

// The longest product name and SKU an order event may carry
// (schemas/email.order_extracted.v1.json).
const (
	maxProductRunes = 256
	maxSKURunes     = 64
)

// fitting drops the items whose product or SKU is longer than an order
// event may carry: such a "name" is a run of text that is no product (CI
// fuzzing found a table cell of 600 invalid bytes read as one), and an
// event with it would be refused. It filters items in place.
func fitting(items []lineItem) []lineItem {
	out := items[:0]
	for _, it := range items {
		if utf8.RuneCountInString(it.product) <= maxProductRunes && utf8.RuneCountInString(it.sku) <= maxSKURunes {
			out = append(out, it)
		}
	}
	return out
}

// tableAt returns the table starting at lines[i] and how many lines it
// spans, or n == 0 when there is none. A table is two or more consecutive
// rows split the same way (separator rows are skipped); a table split on
// spaces must also start with a header row.
func (c *extractorConfig) tableAt(lines []string, i int) (rows [][]string, n int) {
	if rows, n := c.csvAt(lines, i); n > 0 {
		return rows, n
	}
	first, sep := splitRow(lines[i])
	if first == nil {
		return nil, 0
	}
	for n = 0; i+n < len(lines); n++ {
		cells, s := splitRow(lines[i+n])
		if cells == nil || s != sep {
			break
		}
		if !isRuleRow(cells) {
			rows = append(rows, cells)
		}
	}
	if len(rows) < 2 || sep == ' ' && !c.isHeader(rows[0]) {
		return nil, 0
	}
	return rows, n
}

// countedList splits an inline list whose entries each end in their count
// ("Can we get: Cola 330ml cans 24, Fanta 330ml cans 12.") into its entries,
// so that each is read as an item line, with their tokens; it returns nil
// for other lines. An entry ends in a number token, so it holds an ASCII
// digit: entries are lexed only when all of them do.
func (c *extractorConfig) countedList(l string) ([]string, [][]token) {
	if !strings.Contains(l, ",") {
		return nil, nil
	}
	body := l
	if k := strings.LastIndex(l, ":"); k >= 0 {
		body = l[k+1:]
	}
	body = strings.TrimRight(strings.TrimSpace(body), ".!")
	var segs []string
	for _, part := range strings.Split(body, ",") {
		for _, seg := range strings.Split(part, " and ") {
			if !hasDigit(seg) {
				return nil, nil
			}
			segs = append(segs, seg)
		}
	}
	if len(segs) < 2 {
		return nil, nil
	}
	toks := make([][]token, len(segs))
	for k, seg := range segs {
		toks[k] = c.lex(seg)
		n := len(toks[k])
		if n < 2 || n > 8 || !isQtyNum(toks[k][n-1]) || toks[k][n-2].kind != kWord {
			return nil, nil
		}
	}
	return segs, toks
}

// csvAt returns the comma-separated table starting at lines[i]: a header row
// of three or more cells naming columns, then the rows with as many cells.
func (c *extractorConfig) csvAt(lines []string, i int) (rows [][]string, n int) {
	split := func(l string) []string {
		if hasEither(l, '|', '\t') {
			return nil
		}
		cells := strings.Split(strings.TrimSpace(l), ",")
		for k := range cells {
			cells[k] = strings.TrimSpace(strings.Trim(strings.TrimSpace(cells[k]), `"`))
		}
		return cells
	}
	if strings.Count(lines[i], ",") < 2 {
		return nil, 0 // a header has three cells or more
	}
	hdr := split(lines[i])
	if len(hdr) < 3 || !c.isHeader(hdr) {
		return nil, 0
	}
	rows = [][]string{hdr}
	for n = 1; i+n < len(lines); n++ {
		cells := split(lines[i+n])
		if len(cells) != len(hdr) {
			break
		}
		rows = append(rows, cells)
	}
	if len(rows) < 2 {
		return nil, 0
	}
	return rows, n
}
