package engine

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/triage/triage/processors"
)

// markQuoted sets Origin "quoted" on the items of o that came from the
// quoted context: a word of the product or SKU, or the unit price, that the
// new text (subject and body) does not hold but in.Quoted does.
func markQuoted(o *processors.Order, in processors.Input) {
	if in.Quoted == "" {
		return
	}
	newText := in.Subject + "\n" + in.Body
	own, quoted := stems(newText), stems(in.Quoted)
	ownP, quotedP := amounts(newText), amounts(in.Quoted)
	for i := range o.Items {
		it := &o.Items[i]
		for w := range stems(it.Product + " " + it.SKU) {
			if quoted[w] && !own[w] {
				it.Origin = processors.OriginQuoted
			}
		}
		if p := it.UnitPrice; p != nil && has(quotedP, *p) && !has(ownP, *p) {
			it.Origin = processors.OriginQuoted
		}
	}
}

// amount matches a number as prices are written: 12, 12.50, 12,50, 1,200.00.
var amount = regexp.MustCompile(`\d+(?:[.,\x{00a0}]\d{3})*(?:[.,]\d{1,2})?`)

// amounts is the numbers of s read as amounts: a last "," or "." followed
// by one or two digits is the decimal mark, others group thousands.
func amounts(s string) []float64 {
	var out []float64
	for _, m := range amount.FindAllString(s, -1) {
		dec := ""
		if i := strings.LastIndexAny(m, ".,"); i >= 0 && len(m)-i-1 <= 2 {
			m, dec = m[:i], m[i+1:]
		}
		m = strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, m)
		if f, err := strconv.ParseFloat(m+"."+dec+"0", 64); err == nil {
			out = append(out, f)
		}
	}
	return out
}

// has says whether one of xs equals p to the cent.
func has(xs []float64, p float64) bool {
	for _, x := range xs {
		if math.Abs(x-p) < 0.005 {
			return true
		}
	}
	return false
}
