package rules

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// scanAmount returns the end of the amount starting at s[i] (a digit): digits
// with optional thousands groups and up to two decimals, in English or
// continental notation ("1,234.50", "1.234,50", "9,99").
func scanAmount(s string, i int) int {
	digits := func(j int) int {
		for j < len(s) && isASCIIDigit(s[j]) {
			j++
		}
		return j
	}
	sep := func(j int) bool { return j < len(s) && (s[j] == '.' || s[j] == ',') }
	j := digits(i)
	for sep(j) && digits(j+1)-(j+1) == 3 {
		j += 4
	}
	if sep(j) {
		if n := digits(j+1) - (j + 1); n == 1 || n == 2 {
			j += 1 + n
		}
	}
	return j
}

// moneyMatcher finds amounts written with a currency symbol, code or word
// before or after them. It scans by hand, in linear time.
type moneyMatcher struct {
	before []curAffix // symbols and codes that may precede an amount
	after  []curAffix // symbols, codes and words that may follow one
	// afterBy[b] lists, in order, the after affixes that can start with
	// byte b (afterBy[256]: those that can match at the end of the text);
	// beforeBy[b] the before affixes that can end with it.
	afterBy  [257][]int
	beforeBy [256][]int
}

// afterAt returns the after affixes that may match at s[j:], in order.
func (m *moneyMatcher) afterAt(s string, j int) []int {
	if j < len(s) {
		return m.afterBy[s[j]]
	}
	return m.afterBy[256]
}

// curAffix is one way of writing a currency next to an amount.
type curAffix struct {
	text, code string
	word       bool // must not be glued to a following letter or digit
	fold       bool // case-insensitive
}

// moneySpan is one amount found in a string.
type moneySpan struct {
	start, end int
	amount     float64
	currency   string
}

func newMoneyMatcher(cr CurrencyRules) (*moneyMatcher, error) {
	m := &moneyMatcher{}
	iso := func(what, key, code string) error {
		if len(code) != 3 || strings.IndexFunc(code, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
			return fmt.Errorf("currencies: %s %q: %q is not an upper-case ISO 4217 code", what, key, code)
		}
		return nil
	}
	for s, code := range cr.Symbols {
		if err := iso("symbol", s, code); err != nil {
			return nil, err
		}
		a := curAffix{text: s, code: code}
		m.before, m.after = append(m.before, a), append(m.after, a)
	}
	for _, code := range cr.Codes {
		if err := iso("code", code, code); err != nil {
			return nil, err
		}
		for _, t := range []string{code, strings.ToLower(code)} {
			a := curAffix{text: t, code: code, word: true}
			m.before, m.after = append(m.before, a), append(m.after, a)
		}
	}
	for w, code := range cr.Words {
		if err := iso("word", w, code); err != nil {
			return nil, err
		}
		m.after = append(m.after, curAffix{text: strings.ToLower(w), code: code, word: true, fold: true})
	}
	longestFirst := func(as []curAffix) {
		sort.Slice(as, func(i, j int) bool {
			if len(as[i].text) != len(as[j].text) {
				return len(as[i].text) > len(as[j].text)
			}
			return as[i].text < as[j].text
		})
	}
	longestFirst(m.before)
	longestFirst(m.after)
	for k, a := range m.after {
		for _, b := range firstBytes(a) {
			m.afterBy[b] = append(m.afterBy[b], k)
		}
		if a.text == "" {
			m.afterBy[256] = append(m.afterBy[256], k)
		}
	}
	for k, a := range m.before {
		if a.text != "" {
			b := a.text[len(a.text)-1]
			m.beforeBy[b] = append(m.beforeBy[b], k)
		}
	}
	return m, nil
}

// firstBytes returns the bytes a text matching a can start with. A folded
// ASCII letter starts with either case of it (a rune of more bytes would
// leave too few bytes for the rest to match); anything else folded may
// start with any byte.
func firstBytes(a curAffix) []byte {
	switch {
	case a.text == "":
		out := make([]byte, 256)
		for i := range out {
			out[i] = byte(i)
		}
		return out
	case !a.fold:
		return []byte{a.text[0]}
	}
	b := a.text[0]
	if b >= utf8.RuneSelf || !isASCIIString(a.text) {
		return firstBytes(curAffix{})
	}
	lo, up := b|0x20, b&^0x20
	if 'a' <= lo && lo <= 'z' {
		return []byte{lo, up}
	}
	return []byte{b}
}

func isASCIIString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// find returns the money spans in s, left to right. An amount glued to a
// letter or digit on its outer side (e.g. "A$5x") is not money.
func (m *moneyMatcher) find(s string) []moneySpan {
	var out []moneySpan
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || i > 0 && (isASCIIDigit(s[i-1]) || s[i-1] == '.' || s[i-1] == ',') {
			continue
		}
		end := scanAmount(s, i)
		v, ok := parseAmount(s[i:end])
		if !ok {
			continue
		}
		if end+1 < len(s) && (s[end] == ',' || s[end] == '.') && s[end+1] == '-' {
			end += 2 // "4,- €", "12.-": whole units, the continental way
			if end < len(s) && s[end] == '-' {
				end++
			}
		}
		sp := moneySpan{start: i, end: end, amount: v}
		if j := skipOneSpace(s, end, +1); true {
			for _, k := range m.afterAt(s, j) {
				if a := m.after[k]; hasAffixAt(s, j, a) && !gluedAfter(s, j+len(a.text)) {
					sp.end, sp.currency = j+len(a.text), a.code
					break
				}
			}
		}
		if sp.currency == "" {
			j := skipOneSpace(s, i, -1)
			for _, k := range m.beforeBy[s[max(j, 1)-1]] {
				if a := m.before[k]; j >= len(a.text) && s[j-len(a.text):j] == a.text && !(a.word && gluedBefore(s, j-len(a.text))) {
					sp.start, sp.currency = j-len(a.text), a.code
					break
				}
			}
		}
		if sp.currency != "" && !gluedBefore(s, sp.start) && !gluedAfter(s, sp.end) {
			out = append(out, sp)
		}
		i = end - 1
	}
	return out
}

// skipOneSpace returns i moved past one space in direction dir (+1 forward,
// -1 backward), or i when there is none.
func skipOneSpace(s string, i, dir int) int {
	switch {
	case dir > 0 && i < len(s) && s[i] == ' ':
		return i + 1
	case dir < 0 && i > 0 && s[i-1] == ' ':
		return i - 1
	}
	return i
}

func hasAffixAt(s string, j int, a curAffix) bool {
	if j+len(a.text) > len(s) {
		return false
	}
	if a.fold {
		return strings.EqualFold(s[j:j+len(a.text)], a.text)
	}
	return s[j:j+len(a.text)] == a.text
}

func isASCIIDigit(b byte) bool { return b >= '0' && b <= '9' }

func startsDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func gluedBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return i > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func gluedAfter(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return i < len(s) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// parseAmount reads "1,234.50", "1.234,50", "9,99", "12.5" or "1,000". With a
// single kind of separator, exactly three digits after the last one mean
// thousands ("1,000" is 1000); fewer mean decimals ("9,99" is 9.99).
func parseAmount(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	lastDot, lastComma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	dec := -1
	switch {
	case lastDot >= 0 && lastComma >= 0:
		dec = max(lastDot, lastComma)
	case lastDot >= 0 || lastComma >= 0:
		sep := max(lastDot, lastComma)
		if len(s)-sep-1 != 3 {
			dec = sep
		}
	}
	if dec < 0 && lastDot < 0 && lastComma < 0 {
		if !isDigits(s) {
			return 0, false
		}
		v, err := strconv.ParseFloat(s, 64) // no separator: nothing to rewrite
		return v, err == nil
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case i == dec:
			b.WriteByte('.')
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '.' || r == ',':
		default:
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	return v, err == nil
}
