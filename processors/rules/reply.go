package rules

import (
	"strings"
)

// reply is what resolveQuoted reads in a reply's new text.
type reply struct {
	// strong: an acceptance cue on its own; like: a weak one, accepting
	// only with a quantity or a named offer item; hold: a hedge, whose
	// clauses' content words are holds (see defers).
	strong, like, hold bool
	holds              []map[string]bool
	// refs are the content words of the accepting clauses, declines those
	// of the declining clauses, one set per clause.
	refs     map[string]bool
	declines []map[string]bool
	// runs are the accepting clauses' words, in order (for product names),
	// runQty the quantity each gives (0 when none).
	runs   [][]string
	runQty []int
	// qty is the first quantity an accepting clause gives, 0 when none.
	qty int
	// all: the reply takes every offered item ("both", "the lot"); add: it
	// asks to add to an order ("add 4 more of those"), which may follow an
	// order already placed.
	all, add bool
	// polite: "please", "thanks"; with all, an acceptance ("both please").
	polite bool
	// nth is the offered line an ordinal names ("the second option"), 0
	// when none.
	nth int
	// scales are the factors the reply puts on the items ("same again
	// x2", "double the forks"); adds the amounts it adds to them ("lids
	// add 10 more"), by the clause's words.
	scales, adds []scale
}

// scale multiplies the quantities of the items a clause names (refs), or
// of all when it names none.
type scale struct {
	by   int
	refs map[string]bool
}

// readReply splits body into clauses (clauseBreak) and reads the cues of
// each: a question clause accepts only by asking to send or ship; a clause
// with a negation cue declines what it names.
func (c *extractorConfig) readReply(body string) reply {
	r := reply{refs: map[string]bool{}}
	ends := clauseBreak.FindAllStringIndex(body, -1)
	start := 0
	for k := 0; k <= len(ends); k++ {
		end, brk := len(body), ""
		if k < len(ends) {
			end, brk = ends[k][0], body[ends[k][0]:ends[k][1]]
		}
		clause := body[start:end]
		if k < len(ends) {
			start = ends[k][1]
		}
		ws := words(clause)
		if len(ws) == 0 {
			continue
		}
		// the clause's quantity and content words, read once
		n, cs := c.replyQty(clause), content(ws)
		set := stemSet(cs)
		if by := factorOf(ws); by > 1 {
			r.scales = append(r.scales, scale{by, set})
		}
		if holdCues.any(ws) {
			r.hold = true
			h := set
			if acceptCues.any(ws) || likeCues.any(ws) || n > 0 {
				h = nil // it hedges its own acceptance ("if so we may take 20"): the reply waits
			}
			r.holds = append(r.holds, h)
		}
		if negCues.any(ws) {
			r.declines = append(r.declines, set)
			continue
		}
		if strings.Contains(brk, "?") && !(requestCues.any(ws) && requestVerbs.any(ws)) {
			continue // "When will this ship?" asks; "can you add 4 more?" orders
		}
		r.all = r.all || allCues.any(ws)
		r.polite = r.polite || politeCues.any(ws)
		if r.nth == 0 {
			r.nth = ordinalOf(ws)
		}
		if n > 0 && addCues.any(ws) {
			r.add = true
			r.adds = append(r.adds, scale{n, set})
		}
		r.strong = r.strong || acceptCues.any(ws)
		r.like = r.like || likeCues.any(ws)
		// "but 20 chairs instead of 15" changes a quantity
		// (changeQuantities): the goods it names are not a pick
		if !instead.MatchString(clause) {
			for _, w := range cs {
				r.refs[stem(w)] = true
			}
			for i := 1; i < len(ws); i++ {
				if labelWords[ws[i-1]] { // "option B", "variant 2": the label names the item
					r.refs[ws[i]] = true
				}
			}
		}
		r.runs = append(r.runs, ws)
		r.runQty = append(r.runQty, n)
		if r.qty == 0 {
			r.qty = n
		}
	}
	return r
}

// replyQty is the first quantity of a clause, in digits or number words,
// that does not follow "instead of", "than", "not" or a label word
// ("option 2").
func (c *extractorConfig) replyQty(clause string) int {
	toks := c.lex(clause)
	for i := 0; i < len(toks); i++ {
		n, next := 0, i+1
		switch {
		case toks[i].kind == kNum:
			n = toks[i].n
		case toks[i].kind == kWord:
			if v, j, ok := c.numberWordsAt(toks, i); ok {
				n, next = v, j
			}
		}
		if n <= 0 || n > maxReplyQty {
			continue
		}
		prev := func(k int) string {
			if i-k >= 0 {
				return toks[i-k].low
			}
			return ""
		}
		if prev(1) == "than" || prev(1) == "not" || prev(1) == "of" && prev(2) == "instead" || labelWords[prev(1)] {
			i = next - 1
			continue
		}
		return n
	}
	return 0
}

// labelWords precede the label of one of several offered variants.
var labelWords = map[string]bool{"option": true, "variant": true, "version": true, "package": true, "choice": true}

// maxReplyQty bounds a quantity read from a reply (larger numbers there are
// references, years or phone numbers).
const maxReplyQty = 100_000

// runIn returns the longest run of consecutive content words of an
// accepting clause whose stems are all in set, joined by spaces, and the
// index of its clause ("", -1 when none).
func (r reply) runIn(set map[string]bool) (string, int) {
	best, at := []string{}, -1
	for k, ws := range r.runs {
		var run []string
		for _, w := range append(ws, "") {
			if w != "" && !stopWords[w] && !isDigits(w) && set[stem(w)] {
				run = append(run, w)
				continue
			}
			if len(run) > len(best) {
				best, at = run, k
			}
			run = nil
		}
	}
	return strings.Join(best, " "), at
}

// declinesLine says whether a declining clause names a word of a quoted
// line (its stems).
func (r reply) declinesLine(line map[string]bool) bool {
	for _, d := range r.declines {
		if namesGoods(d, line) {
			return true
		}
	}
	return false
}

// names says whether the reply's accepting clauses name a word of one of
// the quoted lines.
func (r reply) names(qs ...[]quotedItem) bool {
	for _, q := range qs {
		for _, it := range q {
			if overlap(keys(r.refs), it.words) > 0 {
				return true
			}
		}
	}
	return false
}

// declinesAll says whether the reply turns the offer down ("no thanks,
// too pricey"): a declining clause names no goods of the offer (offer is
// the stems of its words) and none names some, where "but no octopus"
// leaves one line out and what follows it ("we don't need another") only
// says why.
func (r reply) declinesAll(offer map[string]bool) bool {
	bare := false
	for _, d := range r.declines {
		if namesGoods(d, offer) {
			return false
		}
		bare = true
	}
	return bare
}

// namesGoods says whether a clause's words (stems) name goods of the
// offer: a word of it that is not only a way of saying no.
func namesGoods(clause, offer map[string]bool) bool {
	for w := range clause {
		if offer[w] && !declineWords[w] {
			return true
		}
	}
	return false
}

// defers says whether the reply puts the offer off: a hedging clause
// accepts or counts something itself ("if so we may take 20") or names no
// goods of the offer (offer is the stems of its words). One that only
// names some puts off only those ("Maybe the steamer next year"): they are
// declined (added to r.declines), and the rest may still be taken.
func (r *reply) defers(offer map[string]bool) bool {
	deferred := false
	for _, h := range r.holds {
		if namesGoods(h, offer) {
			r.declines = append(r.declines, h)
		} else {
			deferred = true
		}
	}
	return deferred
}

// declineWords say no without naming goods ("no thanks, too pricey").
var declineWords = map[string]bool{"no": true, "not": true, "don't": true, "dont": true, "skip": true, "leave": true,
	"without": true, "except": true, "cancel": true, "drop": true, "none": true, "nothing": true, "pass": true,
	"thank": true, "thanks": true, "sorry": true, "expensive": true, "pricey": true, "much": true}

// factorWords scale a repeated order ("double the forks", "same again,
// twice the amount").
var factorWords = map[string]int{"double": 2, "twice": 2, "triple": 3, "treble": 3}

// factorTargets may follow a factor word that scales ("double everything",
// "double the forks"); after others it names goods ("double strainer").
var factorTargets = map[string]bool{"the": true, "everything": true, "all": true, "it": true, "that": true,
	"those": true, "them": true, "this": true, "up": true, "quantities": true, "quantity": true, "order": true,
	"amount": true, "amounts": true, "please": true}

// factorOf is the factor a clause puts on quantities: a factor word before
// a factorTargets word or at the clause's end, or a token "x2" … "x9"
// ("same again x2"); 1 when none.
func factorOf(ws []string) int {
	for i, w := range ws {
		if by, ok := factorWords[w]; ok && (i+1 == len(ws) || factorTargets[ws[i+1]]) {
			return by
		}
		if len(w) == 2 && (w[0] == 'x') && w[1] >= '2' && w[1] <= '9' {
			return int(w[1] - '0')
		}
	}
	return 1
}

// ordinals name one of several offered lines ("the second option", "the
// first one").
var ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}

// ordinalOf is the line an ordinal before a label or "one" names: "the
// second option", "the 3rd one"; 0 when none.
func ordinalOf(ws []string) int {
	for i := 0; i+1 < len(ws); i++ {
		if n, ok := ordinals[ws[i]]; ok && (labelWords[ws[i+1]] || ws[i+1] == "one" || ws[i+1] == "line") {
			return n
		}
	}
	return 0
}
