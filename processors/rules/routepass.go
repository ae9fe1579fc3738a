package rules

import (
	"regexp/syntax"
	"slices"
	"sort"

	"github.com/triage/triage/processors/rules/internal/multire"
)

// routePass joins the router's matchers so that each field is read in two
// passes whatever the rules hold: one multi-pattern pass over its text
// (IgnoreLines and every signal pattern together) and one over its words
// (every term, Unless term and request cue together). What it finds is
// what running each matcher in turn finds (TestRoutePassEqualsMatchers).
// It is read-only once built, so safe for concurrent use.
type routePass struct {
	phrases         *phraseSet // signal terms, then Unless terms, then request cues
	nTerms, nUnless int
	// scan holds IgnoreLines, read line by line ("(?m)"), then the signal
	// patterns; nil when some IgnoreLines pattern looks at the text's own
	// start or end (\A, \z), which a line-by-line reading cannot stand for.
	scan    *multire.Set
	nUnread int
}

// newRoutePass joins s, the request cues (nil when none) and the
// IgnoreLines patterns.
func newRoutePass(s *signalSet, request *phraseSet, ignore reList) (routePass, error) {
	all := newPhraseSet(s.terms.lex)
	sets := []*phraseSet{s.terms, s.unless}
	if request != nil {
		sets = append(sets, request)
	}
	for _, set := range sets {
		for _, ph := range set.phrases {
			all.addPhrase(ph)
		}
	}
	p := routePass{phrases: all, nTerms: len(s.terms.phrases), nUnless: len(s.unless.phrases), nUnread: len(ignore.res)}
	var pats []string
	for _, re := range ignore.res {
		ml := "(?m)" + re.String()
		if !lineLocal(ml) {
			return p, nil
		}
		pats = append(pats, ml)
	}
	for _, re := range s.patterns.res {
		pats = append(pats, re.String())
	}
	if len(pats) == 0 {
		return p, nil
	}
	var err error
	p.scan, err = multire.New(pats)
	return p, err
}

// lineLocal reports whether pattern (which compiles) never asserts the
// start or end of the whole text. Then a match of it inside one line of a
// text, read alone, is also a match in the whole text with "(?m)": the
// line's start and end are line starts and ends there, and a word
// boundary at either is one in both readings. So when the whole text has
// no match, no line has one.
func lineLocal(pattern string) bool {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return false
	}
	var walk func(*syntax.Regexp) bool
	walk = func(r *syntax.Regexp) bool {
		if r.Op == syntax.OpBeginText || r.Op == syntax.OpEndText {
			return false
		}
		for _, sub := range r.Sub {
			if !walk(sub) {
				return false
			}
		}
		return true
	}
	return walk(re)
}

// patterns returns the part of field s the router reads (without what
// IgnoreLines cuts: see unread) and, per signal pattern, whether it matches
// there, in *buf. Usually that is one pass over s; only when an IgnoreLines
// pattern matches is s cut and read again.
func (rt *Router) patterns(s string, buf *[]bool) (string, []bool) {
	p := &rt.pass
	if p.scan != nil {
		hits := zeroed(*buf, p.scan.Len())
		*buf = hits
		p.scan.Match(s, hits)
		if !slices.Contains(hits[:p.nUnread], true) {
			return s, hits[p.nUnread:]
		}
	}
	read := unread(rt.unread, s)
	*buf = rt.signals.patterns.hits(read, *buf)
	return read, *buf
}

// field reads one field, the subject (k 0) or the body (k 1), in scr's
// buffers k, and adds its evidence to counts (one per signal), which it
// returns: the terms as signalSet.countTerms counts them, weighted in the
// body by the sentences that ask (RequestCues), and one per pattern. Its
// Unless terms set veto.
func (rt *Router) field(s string, k int, scr *routeScratch, veto []bool, counts []float64) []float64 {
	read, pats := rt.patterns(s, &scr.pats[k])
	ws := &scr.w[k]
	t := rt.text(read, ws)
	var ask []bool
	var ends []int
	if k == 1 && rt.request != nil {
		ends = append(append(scr.ends[:0], ws.stops...), len(t.words)) // sentence j: words [ends[j-1], ends[j])
		ask = zeroed(scr.ask, len(ends))
		copy(ask, ws.asks)
		scr.ends, scr.ask = ends, ask
	}
	p, sigs := &rt.pass, rt.signals
	occs, maxLen := scr.occs[:0], 0
	p.phrases.matchIDs(t.words, t.ids, func(id, at int) {
		switch {
		case id < p.nTerms:
			n := len(p.phrases.phrases[id].words)
			occs = append(occs, occ{id, at, at + n})
			maxLen = max(maxLen, n)
		case id < p.nTerms+p.nUnless:
			veto[sigs.unlessOf[id-p.nTerms]] = true
		case ask != nil:
			ask[sort.SearchInts(ends, at+1)] = true
		}
	})
	scr.occs = occs
	var weight func(at int) float64
	if slices.Contains(ask, true) {
		rw := rt.rules.Router.RequestWeight
		weight = func(at int) float64 {
			if ask[sort.SearchInts(ends, at+1)] {
				return rw
			}
			return 1
		}
	}
	if len(scr.best) < len(sigs.termOwner) {
		scr.best = make([]float64, len(sigs.termOwner))
	}
	sigs.countTerms(occs, maxLen, rt.queueOf, weight, scr.best, counts)
	for i, h := range pats {
		if h {
			counts[sigs.patOwner[i]]++
		}
	}
	return counts
}
