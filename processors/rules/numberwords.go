package rules

import "strings"

// numberWordsAt reads a spelled-out quantity at toks[i]: a quantity phrase
// ("half a dozen"), or number words ("twenty-five", "two hundred", "two
// dozen"). It returns the quantity and the index after it.
func (c *extractorConfig) numberWordsAt(toks []token, i int) (int, int, bool) {
	if toks[i].kind != kWord {
		return 0, 0, false // every quantity phrase and number word is a word
	}
	for _, k := range c.qtyFirst[toks[i].low] {
		p := c.qtyPhrases[k]
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
		if !c.allNumberWords(toks[j].low) {
			break
		}
		for rest, more := toks[j].low, true; more; {
			var p string
			p, rest, more = strings.Cut(rest, "-")
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

// allNumberWords reports whether every part of w between hyphens is a
// number word or a multiplier ("twenty-five", "two-dozen").
func (c *extractorConfig) allNumberWords(w string) bool {
	for more := true; more; {
		var p string
		p, w, more = strings.Cut(w, "-")
		if _, isNum := c.numberWords[p]; !isNum && c.multipliers[p] == 0 {
			return false
		}
	}
	return true
}
