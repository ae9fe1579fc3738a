package rules

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind is what a token is.
type kind uint8

const (
	kWord  kind = iota // letters and digits, e.g. "Widget", "27-inch", "500ml"
	kNum               // a whole number, e.g. "3", "1,000"
	kDec               // a decimal number without currency, e.g. "4.00"
	kMoney             // an amount with a currency, e.g. "$4.00"
	kSKU               // a product code, e.g. "BW-01"
	kBlock             // a masked span: date, time, phone, reference, ...
	kPunct             // one other character
)

// token is one lexical unit of a line; start and end are byte offsets.
type token struct {
	kind       kind
	text, low  string
	start, end int
	n          int     // kNum
	amount     float64 // kDec, kMoney
	currency   string  // kMoney
}

// span is a region claimed by a pattern before the line is split into words.
type span struct {
	start, end int
	tok        token
}

// lex splits one line into tokens. Spans are claimed in priority order:
// order references and ignore patterns (masked), money, then SKUs; a later
// span overlapping an earlier one is dropped. The rest is split into words,
// numbers and punctuation. Time and memory are linear in len(line).
func (c *extractorConfig) lex(line string) []token {
	low := lowerASCII(line)
	var spans []span
	claim := func(s, e int, t token) bool {
		for _, sp := range spans {
			if sp.start < sp.end && sp.start < e && s < sp.end {
				return false // overlaps a span claimed before
			}
		}
		t.start, t.end, t.text = s, e, line[s:e]
		t.low = lowAt(line, low, s, e)
		spans = append(spans, span{s, e, t})
		return true
	}
	windows := digitWindows(line)
	// Which masking patterns match in which window, in one pass each; then
	// the matching ones are found pattern by pattern, as the order of claims
	// requires.
	var buf [64]bool
	n := len(c.blockRes.res)
	flat := make([]bool, len(windows)*n)
	hits := make([][]bool, len(windows))
	for k, w := range windows {
		hits[k] = c.blockRes.hits(line[w[0]:w[1]], flat[k*n:(k+1)*n])
	}
	for i := range c.blockRes.res {
		for k, w := range windows {
			if !hits[k][i] {
				continue
			}
			for _, loc := range c.blockAt[i].findAll(line[w[0]:w[1]], false) {
				if loc[1] > loc[0] {
					claim(w[0]+loc[0], w[0]+loc[1], token{kind: kBlock})
				}
			}
		}
	}
	for _, m := range c.money.find(line) {
		claim(m.start, m.end, token{kind: kMoney, amount: m.amount, currency: m.currency})
	}
	skuHits := c.skuRes.hits(line, buf[:0])
	for i, re := range c.skuRes.res {
		if !skuHits[i] {
			continue
		}
		g := re.SubexpIndex("sku")
		for _, loc := range c.skuAt[i].findAll(line, true) {
			code := line[loc[0]:loc[1]]
			end, codeEnd := loc[1], loc[1]
			if g >= 0 && loc[2*g] >= 0 {
				code, codeEnd = line[loc[2*g]:loc[2*g+1]], loc[2*g+1]
			}
			if trimmed := strings.TrimRight(code, "./-"); trimmed != code {
				if codeEnd == end {
					end -= len(code) - len(trimmed) // "#A1234." ends a sentence
				}
				code = trimmed
			}
			if !c.rejectSKU(code) {
				claim(loc[0], end, token{kind: kSKU, currency: code})
			}
		}
	}
	if !sortedSpans(spans) {
		sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	}
	toks := make([]token, 0, len(line)/4+len(spans)+2)
	pos := 0
	for _, sp := range spans {
		toks = c.lexGap(line, low, pos, sp.start, toks)
		toks = append(toks, sp.tok)
		pos = sp.end
	}
	return c.lexGap(line, low, pos, len(line), toks)
}

// sortedSpans reports whether spans start strictly in order, so that
// sorting them would change nothing.
func sortedSpans(spans []span) bool {
	for i := 1; i < len(spans); i++ {
		if spans[i].start <= spans[i-1].start {
			return false
		}
	}
	return true
}

// windowSlack is how far around a digit masking patterns look.
const windowSlack = 48

// digitWindows returns the regions of line within windowSlack bytes of a
// digit, widened to white space and merged. Order references and ignore
// patterns mask numbers, so they only run there: text without digits costs
// them nothing.
func digitWindows(line string) [][2]int {
	var raw [][2]int
	for i := 0; i < len(line); i++ {
		if !isASCIIDigit(line[i]) {
			continue
		}
		s, e := max(0, i-windowSlack), min(len(line), i+1+windowSlack)
		if n := len(raw); n > 0 && s <= raw[n-1][1] {
			raw[n-1][1] = e
			continue
		}
		raw = append(raw, [2]int{s, e})
	}
	var out [][2]int
	for _, w := range raw {
		s, e := w[0], w[1]
		if k := lastBlank(line[max(0, s-windowSlack):s]); k >= 0 {
			s = max(0, s-windowSlack) + k + 1
		}
		if k := firstBlank(line[e:min(len(line), e+windowSlack)]); k >= 0 {
			e += k
		}
		for s > 0 && !utf8.RuneStart(line[s]) {
			s--
		}
		for e < len(line) && !utf8.RuneStart(line[e]) {
			e++
		}
		if n := len(out); n > 0 && s <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], e)
		} else {
			out = append(out, [2]int{s, e})
		}
	}
	return out
}

// sku returns the product code of a kSKU token.
func (t token) sku() string { return t.currency }

// rejectSKU reports a code that starts with one of NotSKUPrefixes followed by
// a digit, a separator or nothing: "PO-77", "INV2291", but not "POT-SW-12".
func (c *extractorConfig) rejectSKU(code string) bool {
	up := strings.ToUpper(strings.TrimLeft(code, "#"))
	for _, p := range c.notSKU {
		if rest, ok := strings.CutPrefix(up, p); ok && (rest == "" || rest[0] < 'A' || rest[0] > 'Z') {
			return true
		}
	}
	return false
}

// isJoiner reports whether r may sit inside a word between two word runes.
func isJoiner(r rune) bool {
	return r == '-' || r == '/' || r == '.' || r == ',' || r == '\'' || r == '’' || r == '%'
}

// splitQty splits a word that is a count glued to a times sign, "3x" or
// "x3" (the regular expression ^(?i)(?:(\d+)(x|×)|(x|×)(\d+))$, written
// out): num and x are the byte ranges of the number and the sign in w.
func splitQty(w string) (num, x [2]int, ok bool) {
	n := 0
	for n < len(w) && isASCIIDigit(w[n]) {
		n++
	}
	if n > 0 {
		if isTimesSign(w[n:]) {
			return [2]int{0, n}, [2]int{n, len(w)}, true
		}
		return num, x, false
	}
	for k := 1; k <= len("×") && k < len(w); k++ {
		if isTimesSign(w[:k]) && isDigits(w[k:]) {
			return [2]int{k, len(w)}, [2]int{0, k}, true
		}
	}
	return num, x, false
}

func isTimesSign(s string) bool { return s == "x" || s == "X" || s == "×" }

// lexGap splits line[from:to] into words, numbers and punctuation.
func (c *extractorConfig) lexGap(line, low string, from, to int, toks []token) []token {
	i := from
	for i < to {
		r, size := utf8.DecodeRuneInString(line[i:to])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		if !isWordRune(r) {
			toks = append(toks, token{kind: kPunct, text: line[i : i+size], low: line[i : i+size], start: i, end: i + size})
			i += size
			continue
		}
		j := i + size
		for j < to {
			r, size := utf8.DecodeRuneInString(line[j:to])
			if isWordRune(r) || r == '%' {
				j += size
				continue
			}
			next, _ := utf8.DecodeRuneInString(line[j+size : to])
			if isJoiner(r) && j+size < to && isWordRune(next) {
				j += size
				continue
			}
			break
		}
		toks = c.classify(line, low, i, j, toks)
		i = j
	}
	return toks
}

// classify appends the tokens of one word run to toks: numbers, decimals,
// or words; "3x" and "x3" become a number and an "x".
func (c *extractorConfig) classify(line, low string, s, e int, toks []token) []token {
	w := line[s:e]
	if num, x, ok := splitQty(w); ok {
		if num[0] == 0 {
			return append(toks, numTok(line, low, s+num[0], s+num[1]), wordTok(line, low, s+x[0], s+x[1]))
		}
		return append(toks, wordTok(line, low, s+x[0], s+x[1]), numTok(line, low, s+num[0], s+num[1]))
	}
	if isDigits(w) {
		return append(toks, numTok(line, low, s, e))
	}
	if n := c.countUnit(w); n > 0 {
		return append(toks, numTok(line, low, s, s+n), wordTok(line, low, s+n, e)) // "20pcs", "25nos"
	}
	t := token{kind: kWord, text: w, low: lowAt(line, low, s, e), start: s, end: e}
	if hasEither(w, '.', ',') && onlyAmountBytes(w) {
		if v, ok := parseAmount(w); ok {
			if v == float64(int(v)) && !hasEither(w[max(0, len(w)-3):], '.', ',') && strings.IndexByte(w, '.') < 0 {
				t.kind, t.n = kNum, int(v) // "1,000"
			} else {
				t.kind, t.amount = kDec, v
			}
		}
	}
	return append(toks, t)
}

// countUnit returns the length of the count in a word that is a count
// glued to a unit word ("20pcs", "3boxes"), or 0.
func (c *extractorConfig) countUnit(w string) int {
	n := 0
	for n < len(w) && isASCIIDigit(w[n]) {
		n++
	}
	if n == 0 || n == len(w) || w[0] == '0' || !c.unitWords[strings.ToLower(w[n:])] {
		return 0
	}
	return n
}

func wordTok(line, low string, s, e int) token {
	return token{kind: kWord, text: line[s:e], low: lowAt(line, low, s, e), start: s, end: e}
}

func numTok(line, low string, s, e int) token {
	n, err := strconv.Atoi(line[s:e])
	if err != nil || len(line[s:e]) > 7 {
		return wordTok(line, low, s, e)
	}
	return token{kind: kNum, text: line[s:e], low: line[s:e], start: s, end: e, n: n}
}
