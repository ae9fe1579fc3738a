package rules

import "strings"

// numberWordsAt reads a spelled-out quantity at toks[i]: a quantity phrase
// ("half a dozen"), or number words ("twenty-five", "two hundred", "two
// dozen"). It returns the quantity and the index after it.
func (c *extractorConfig) numberWordsAt(toks []token, i int) (int, int, bool) {
	for _, p := range c.qtyPhrases {
		if i+len(p.words) > len(toks) {
			continue
		}
		ok := true
		for k, w := range p.words {
			if toks[i+k].kind != kWord || toks[i+k].low != w {
				ok = false
				break
			}
		}
		if ok {
			return p.n, i + len(p.words), true
		}
	}
	total, cur, j := 0, 0, i
	for j < len(toks) && toks[j].kind == kWord {
		parts := strings.Split(toks[j].low, "-")
		ok := true
		for _, p := range parts {
			if _, isNum := c.numberWords[p]; !isNum && c.multipliers[p] == 0 {
				ok = false
			}
		}
		if !ok {
			break
		}
		for _, p := range parts {
			if m := c.multipliers[p]; m > 0 {
				cur = max(cur, 1) * m
				if m >= 1000 {
					total, cur = total+cur, 0
				}
			} else {
				cur += c.numberWords[p]
			}
		}
		j++
	}
	if j == i || total+cur == 0 {
		return 0, 0, false
	}
	return total + cur, j, true
}
