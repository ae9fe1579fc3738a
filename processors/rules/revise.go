package rules

import (
	"regexp"
	"strconv"
	"strings"
)

// The sender's own revisions of what they order, in the new text: a
// quantity taken back on the spot ("60 - no, sorry, 80 - hand towels",
// retract) is read as the second number alone; a
// struck-through stretch ("~~2 x enamel mugs~~", and the HTML <del>, <s>
// and <strike> the decoder renders so) is cancelled and never read; a
// correction ("make that 5 stands, not 4", "change it to 12", "6 instead
// of 4") changes the quantity of an item read elsewhere and is not an
// item itself. The words are closed-class English (make, change, not,
// instead of), not phrases of any one email.

// struck is a struck-through stretch of one line.
var struck = regexp.MustCompile(`~~[^~\n]*~~`)

// correction is "make that N [goods][, not M]" or "change it to N";
// instead is "N [goods] instead of M".
var (
	correction = regexp.MustCompile(`(?i)\b(?:make|change|update)\s+(?:that|it|this|them)\s+(?:to\s+)?(\d{1,6})\b([^.,;:!?\n]{0,40}?)` +
		`(?:,?\s*(?:not|instead\s+of|rather\s+than)\s+(?:the\s+)?(\d{1,6})\b|[.,;:!?\n]|$)`)
	instead = regexp.MustCompile(`(?i)\b(\d{1,6})\s+([\p{L}][^.,;:!?\n]{0,40}?\s+)?(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+(?:the\s+)?(\d{1,6})\b`)
)

// retract is a quantity taken back on the spot and replaced, up to six
// words after it: "60 - no, sorry, 80 - hand towels", "8 sheets of glass,
// amber - sorry, make that 10 - plus …", "4, sorry 5 boxes"; the line is
// read with the second number in the first one's place. "No" takes a
// comma or "!" ("60 - no, 80"): "Filter papers No. 4" is a name.
var retract = regexp.MustCompile(`(?i)\b(\d{1,6})((?:\s+[^\s\d.!?;:]+){0,6}?)\s*[-–—,]?\s*\b(?:no[,!]|nope\b|sorry\b|oops\b|wait\b)[,.!]?\s*(?:sorry\b[,.!]?\s*)?(?:make\s+(?:that|it)\s+)?(\d{1,6})\b\s*(?:[-–—]\s*)?`)

// reviseSet tells, for both expressions (correction, instead) in one
// linear pass, whether each matches a line at all: package regexp runs
// only on lines where one does.
var reviseSet = mustREList(correction, instead)

// mustREList is newREList for expressions known to compile.
func mustREList(res ...*regexp.Regexp) reList {
	l, err := newREList(res)
	if err != nil {
		panic(err)
	}
	return l
}

// revision is one correction: the new quantity, the goods it names (their
// content words) and the quantity it replaces, 0 when unsaid.
type revision struct {
	to, from int
	goods    []string
	// read: the revision stays in the text ("6 mugs instead of 3" may be
	// the only mention of the mugs), so its own item may have been read.
	read bool
}

// revise takes the struck-through stretches and corrections out of lines
// (in place), returning the corrections in reading order.
func revise(lines []string) []revision {
	var out []revision
	for i, l := range lines {
		if strings.Contains(l, "~~") {
			l = struck.ReplaceAllString(l, "")
		}
		if hasDigit(l) && retract.MatchString(l) {
			l = retract.ReplaceAllString(l, "$3$2 ") // "60 - no, sorry, 80 - hand towels": 80 hand towels
		}
		var buf [2]bool
		var hits []bool
		for j, re := range []*regexp.Regexp{correction, instead} {
			if !hasDigit(l) {
				break
			}
			if hits == nil {
				hits = reviseSet.hits(l, buf[:0])
			}
			if !hits[j] {
				continue
			}
			for _, m := range re.FindAllStringSubmatchIndex(l, -1) {
				r := revision{}
				r.to, _ = strconv.Atoi(l[m[2]:m[3]])
				if m[4] >= 0 {
					r.goods = content(words(l[m[4]:m[5]]))
				}
				if m[6] >= 0 {
					r.from, _ = strconv.Atoi(l[m[6]:m[7]])
				}
				r.read = re == instead
				out = append(out, r)
			}
			if re == correction {
				l, hits = re.ReplaceAllStringFunc(l, func(s string) string { return strings.Repeat(" ", len(s)) }), nil
			}
		}
		lines[i] = l
	}
	return out
}

// apply changes the quantity of the item a revision means, and returns
// the items: among the items with the replaced quantity (all, when
// unsaid), the one whose product shares a word with the revision's goods,
// or the only one left; the last item read when the revision names
// neither. A revision that fits no item, or several, changes nothing. When
// the revision stayed in the text (read) and changed an item, the item
// read from the revision itself ("6 mugs" of "6 mugs instead of 3") goes.
func (r revision) apply(items []lineItem) []lineItem {
	if r.read {
		own := -1
		for i, it := range items {
			if it.qty == r.to && len(r.goods) > 0 && overlap(words(it.product), stemSet(r.goods)) > 0 {
				own = i
			}
		}
		if r.from == 0 {
			return items
		}
		if own < 0 {
			r.change(items)
			return items
		}
		rest := append(append([]lineItem{}, items[:own]...), items[own+1:]...)
		if r.change(rest) {
			return rest
		}
		return items
	}
	r.change(items)
	return items
}

// change sets the new quantity on the item r means, reporting whether
// there was one.
func (r revision) change(items []lineItem) bool {
	at := -1
	for i, it := range items {
		if r.from > 0 && it.qty != r.from {
			continue
		}
		if len(r.goods) > 0 && overlap(words(it.product), stemSet(r.goods)) == 0 {
			continue
		}
		if at >= 0 {
			return false // ambiguous
		}
		at = i
	}
	if at < 0 && r.from == 0 && len(r.goods) == 0 && len(items) > 0 {
		at = len(items) - 1
	}
	if at < 0 || r.to <= 0 {
		return false
	}
	items[at].qty = r.to
	return true
}
