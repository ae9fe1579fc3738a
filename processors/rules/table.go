package rules

import (
	"regexp"
	"slices"
	"strings"
)

// role is what a table column (or a "Key: value" line) holds.
type role uint8

const (
	roleNone role = iota
	roleQty
	roleSKU
	roleProduct
	rolePrice
	roleIgnore
)

var (
	spaceCells = regexp.MustCompile(`\s{2,}`)
	ruleCells  = regexp.MustCompile(`^[-:=+ ]+$`)
)

// splitRow splits a table line into cells: on "|", on tabs, or on runs of
// two or more spaces (then at least three cells are needed). sep says which.
func splitRow(line string) (cells []string, sep byte) {
	if !hasEither(line, '|', '\t') && !hasSpaceRun(line) {
		return nil, 0 // one cell
	}
	trimmed := strings.TrimSpace(line)
	switch {
	case strings.Contains(trimmed, "|"):
		cells, sep = strings.Split(trimmed, "|"), '|'
	case strings.Contains(trimmed, "\t"):
		cells, sep = strings.Split(trimmed, "\t"), '\t'
	default:
		cells, sep = []string{trimmed}, ' '
		if hasSpaceRun(trimmed) {
			cells = spaceCells.Split(trimmed, -1)
		}
	}
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	if sep == '|' && len(cells) > 0 && cells[0] == "" {
		cells = cells[1:]
	}
	if sep == '|' && len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) < 2 || sep == ' ' && len(cells) < 3 {
		return nil, 0
	}
	return cells, sep
}

// hasSpaceRun reports whether s holds two white-space bytes in a row, as
// spaceCells needs to match (\s is [\t\n\f\r ]).
func hasSpaceRun(s string) bool {
	for i := 1; i < len(s); i++ {
		if isSpaceByte(s[i]) && isSpaceByte(s[i-1]) {
			return true
		}
	}
	return false
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r' }

// isRuleRow reports a markdown or ASCII separator row ("|---|:--:|").
func isRuleRow(cells []string) bool {
	for _, c := range cells {
		if c != "" && !ruleCells.MatchString(c) {
			return false
		}
	}
	return true
}

// headerRole returns the role named by a header cell (the longest header
// phrase found in it) or roleNone.
func (c *extractorConfig) headerRole(cell string) role {
	ws := words(cell)
	best := -1 // the first header, in c.headers order, found anywhere
	for i, w := range ws {
		for _, k := range c.headerFirst[w] {
			if best >= 0 && k >= best {
				break
			}
			if h := c.headers[k]; i+len(h.words) <= len(ws) && slices.Equal(ws[i:i+len(h.words)], h.words) {
				best = k
				break
			}
		}
	}
	if best < 0 {
		return roleNone
	}
	return c.headers[best].role
}

// cellInfo is one lexed table cell.
type cellInfo struct {
	text  string
	toks  []token
	isInt bool
	n     int // the whole number when isInt
	price *token
	sku   string
}

func (c *extractorConfig) cell(text string) cellInfo {
	ci := cellInfo{text: text, toks: c.lex(text)}
	var vals []token
	for i, t := range ci.toks {
		switch t.kind {
		case kSKU:
			if ci.sku == "" {
				ci.sku = t.sku()
			}
		case kNum, kDec, kMoney:
			vals = append(vals, ci.toks[i])
		}
	}
	if len(vals) == 1 && len(ci.toks) <= 2 {
		switch vals[0].kind {
		case kNum:
			ci.isInt, ci.n = isQtyNum(vals[0]), vals[0].n
		default:
			ci.price = &vals[0]
		}
	}
	return ci
}

// tableItems reads the order lines of a table: rows of cells, the first of
// which may be a header. Columns without a recognised header get their role
// from their content: codes, whole numbers (quantity), amounts (unit price),
// text (product). The first column of each role wins.
func (c *extractorConfig) tableItems(rows [][]string) []lineItem {
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	roles := make([]role, width)
	headerCur := make([]string, width)
	data := rows
	if hdr := rows[0]; c.isHeader(hdr) {
		for i, h := range hdr {
			roles[i] = c.headerRole(h)
			headerCur[i] = c.firstCode(h)
		}
		data = rows[1:]
	}
	var kept [][]string
	for _, row := range data {
		if !c.skipLine(strings.Join(row, " ")) {
			kept = append(kept, row) // a "Total | $345.00" row says nothing about columns
		}
	}
	data = kept
	cells := make([][]cellInfo, len(data))
	for r, row := range data {
		for _, text := range row {
			cells[r] = append(cells[r], c.cell(text))
		}
	}
	c.inferRoles(roles, cells)
	col := map[role]int{}
	for i := len(roles) - 1; i >= 0; i-- {
		col[roles[i]] = i
	}
	var out []lineItem
	for _, row := range cells {
		get := func(ro role) *cellInfo {
			i, ok := col[ro]
			if !ok || i >= len(row) {
				return nil
			}
			return &row[i]
		}
		q := get(roleQty)
		if q == nil || !q.isInt {
			continue
		}
		it := lineItem{qty: q.n, marked: true}
		if s := get(roleSKU); s != nil {
			it.sku = s.sku
			if it.sku == "" {
				it.sku = strings.TrimLeft(s.text, "#")
			}
		}
		if p := get(roleProduct); p != nil {
			it.product = p.text
			if it.sku == "" {
				it.sku = p.sku
			}
		}
		if p := get(rolePrice); p != nil && p.price != nil {
			v := p.price.amount
			it.price, it.currency = &v, p.price.currency
			if it.currency == "" {
				it.currency = headerCur[col[rolePrice]]
			}
		}
		if c.validItem(it) {
			out = append(out, it)
		}
	}
	return out
}

// isHeader reports whether a row names columns: some cell is a known header
// and no cell holds a number.
func (c *extractorConfig) isHeader(row []string) bool {
	named := false
	for _, h := range row {
		named = named || c.headerRole(h) != roleNone
	}
	if !named {
		return false // cheap first: most rows name nothing
	}
	// Cells with a digit first: they are the ones likely to hold a number,
	// and the answer does not depend on the order.
	for _, digit := range []bool{true, false} {
		for _, h := range row {
			if hasDigit(h) != digit {
				continue
			}
			for _, t := range c.lex(h) {
				if t.kind == kNum || t.kind == kDec || t.kind == kMoney || t.kind == kSKU {
					return false
				}
			}
		}
	}
	return true
}

// inferRoles fixes or fills column roles from the cells' content.
func (c *extractorConfig) inferRoles(roles []role, cells [][]cellInfo) {
	for i := range roles {
		var n, ints, prices, skus, texts int
		for _, row := range cells {
			if i >= len(row) || row[i].text == "" {
				continue
			}
			n++
			switch ci := row[i]; {
			case ci.isInt:
				ints++
			case ci.price != nil:
				prices++
			case ci.sku != "" && len(ci.toks) <= 2:
				skus++
			default:
				texts++
			}
		}
		if n == 0 {
			continue
		}
		switch {
		case roles[i] == roleNone || roles[i] == roleProduct:
			if skus == n {
				roles[i] = roleSKU
			} else if roles[i] == roleNone {
				switch {
				case ints == n && !hasRole(roles, roleQty):
					roles[i] = roleQty
				case prices+ints == n && prices > 0 && !hasRole(roles, rolePrice):
					roles[i] = rolePrice
				case texts > 0 && !hasRole(roles, roleProduct):
					roles[i] = roleProduct
				}
			}
		case roles[i] == roleSKU && texts == n && skus == 0 && (!anyDigit(cells, i) || wordy(cells, i)):
			roles[i] = roleProduct // "Item" over names, not codes
		case roles[i] == rolePrice && ints == n && !hasRole(roles, roleQty):
			roles[i] = roleQty
		}
	}
}

func hasRole(roles []role, r role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// wordy reports whether every non-empty cell of column i holds several
// words, as names do and codes do not ("Bread flour T55, 25 kg sack").
func wordy(cells [][]cellInfo, i int) bool {
	for _, row := range cells {
		if i < len(row) && row[i].text != "" && len(strings.Fields(row[i].text)) < 2 {
			return false
		}
	}
	return true
}

// anyDigit reports whether some cell of column i holds a digit.
func anyDigit(cells [][]cellInfo, i int) bool {
	for _, row := range cells {
		if i < len(row) && strings.ContainsAny(row[i].text, "0123456789") {
			return true
		}
	}
	return false
}
