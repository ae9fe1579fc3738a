package legacy

// unitPrice picks the unit price among toks: an amount after a price marker
// ("@", "at") or before a per-unit cue ("each", "/pc"); on item lines also
// the first amount that is not a line total. Amounts after a total marker
// ("=", "total") never count.
func (c *extractorConfig) unitPrice(toks []token, itemLine bool) (*float64, string) {
	var fallback *token
	for i := range toks {
		t := toks[i]
		if t.kind != kMoney && t.kind != kDec {
			continue
		}
		if i > 0 && c.totalMarkers[toks[i-1].low] {
			continue
		}
		if i > 0 && c.priceMarkers[toks[i-1].low] || c.perUnitAt(toks, i+1) {
			v := t.amount
			return &v, t.currency
		}
		if fallback == nil && itemLine {
			fallback = &toks[i]
		}
	}
	if fallback != nil {
		v := fallback.amount
		return &v, fallback.currency
	}
	return nil, ""
}

// perUnitAt reports whether a per-unit cue starts at toks[i].
func (c *extractorConfig) perUnitAt(toks []token, i int) bool {
	for _, cue := range c.perUnit {
		if i+len(cue) > len(toks) {
			continue
		}
		ok := true
		for k, w := range cue {
			if toks[i+k].low != w {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
