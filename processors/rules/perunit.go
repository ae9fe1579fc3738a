package rules

import "strings"

// multipliedBy finds, among the anchors of one line, those whose quantity
// a count multiplies: "2 votive candles per table for the 15 tables"
// orders 30 (the item is scaled by the count of the noun after "per",
// found anywhere on the line), "Each of our 4 classes needs 25 glue
// sticks" orders 100 (every item after it in the sentence is scaled, and is
// read as if the sentence were cued), and "one candle for each of the 12
// tables" orders 12 (the item just before "for each of" is scaled), and an
// item followed by "each" takes the factor of a scaled item in its sentence
// ("2 napkins per guest and 1 box each"). It returns the factor of each scaled
// anchor and the anchors that are only such counts, which are no items.
func (c *extractorConfig) multipliedBy(toks []token, anchors []anchor, sents [][2]int) (factor map[int]int, counts map[int]bool) {
	factor, counts = map[int]int{}, map[int]bool{}
	startOf := map[int]int{} // token index -> anchor
	for k, a := range anchors {
		startOf[a.start] = k
	}
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].low != "each" || toks[i+1].low != "of" {
			continue
		}
		n := i + 2
		if n < len(toks) && toks[n].kind == kWord && c.skipWords[toks[n].low] {
			n++ // "each of our 4 classes"
		}
		if n >= len(toks) || !isQtyNum(toks[n]) {
			continue
		}
		if k, ok := startOf[n]; ok {
			counts[k] = true
		}
		if i > 0 && toks[i-1].low == "for" {
			// "one pillar candle for each of the 12 tables": the item just
			// before is scaled, not those after
			for m := len(anchors) - 1; m >= 0; m-- {
				if b := anchors[m]; b.end <= i-1 && sents[b.start] == sents[n] {
					factor[m] = toks[n].n
					break
				}
			}
			continue
		}
		for m, b := range anchors {
			if b.start > n && sents[b.start] == sents[n] {
				factor[m] = toks[n].n
			}
		}
	}
	for k, a := range anchors {
		if counts[k] {
			continue
		}
		w, ok := perWord(toks, a.end)
		if !ok || c.unitWords[w] {
			continue // "100 per box" states a pack size
		}
		for m := 0; m+1 < len(toks); m++ {
			if (m < a.start || m >= a.end) && isQtyNum(toks[m]) && sameNoun(toks[m+1].low, w) {
				factor[k] = max(factor[k], 1) * toks[m].n
				if b, ok := startOf[m]; ok {
					counts[b] = true
				}
				break
			}
		}
	}
	for k, a := range anchors {
		if factor[k] > 0 || counts[k] || !eachAfter(toks, a.end) {
			continue
		}
		// "2 napkins per guest and 1 clamshell box each": each of the
		// same units as the scaled item beside it in the sentence
		for m, b := range anchors {
			if factor[m] > 0 && sents[b.start] == sents[a.start] {
				factor[k] = factor[m]
				break
			}
		}
	}
	return factor, counts
}

// eachAfter reports "each" (or "apiece") after an item's name, within a
// few tokens of i, before any amount, number or sentence end, and not
// "each of": "1 clamshell box each", not "2 mugs at £5 each".
func eachAfter(toks []token, i int) bool {
	for j := i; j < len(toks) && j < i+maxProductTokens; j++ {
		switch t := toks[j]; {
		case t.kind == kMoney || t.kind == kDec || t.kind == kNum:
			return false
		case t.low == "each" || t.low == "apiece":
			return j+1 == len(toks) || toks[j+1].low != "of"
		case t.kind == kPunct && strings.Contains(".;!?,", t.text):
			return false
		}
	}
	return false
}

// perWord returns the word after "per" that follows an item's name, within
// a few tokens of i, when no price, number or sentence end comes first
// ("2 candles per table", not "€5 per box" or "100 per box").
func perWord(toks []token, i int) (string, bool) {
	for j := i; j < len(toks) && j < i+maxProductTokens; j++ {
		switch t := toks[j]; {
		case t.kind == kMoney || t.kind == kDec || t.kind == kNum:
			return "", false
		case t.low == "per" && j+1 < len(toks) && toks[j+1].kind == kWord:
			return toks[j+1].low, toks[j-1].kind == kWord
		case t.kind == kPunct && strings.Contains(".;!?", t.text):
			return "", false
		}
	}
	return "", false
}

// sameNoun reports whether a and b are one noun, singular or plural.
func sameNoun(a, b string) bool {
	return a == b || a == b+"s" || a == b+"es" || b == a+"s" || b == a+"es"
}
