package rules

import (
	"fmt"
	"regexp"
	"sort"
)

// signalSet is a compiled list of Signals, matched together.
type signalSet struct {
	signals   []Signal
	terms     *phraseSet
	termOwner []int // term id -> signal index
	unless    *phraseSet
	unlessOf  []int // unless id -> signal index
	patterns  reList
	patOwner  []int // pattern index -> signal index
}

// compileSignals compiles sigs; errors name the offending signal.
func compileSignals(sigs []Signal) (*signalSet, error) {
	lex := newLexicon()
	s := &signalSet{signals: sigs, terms: newPhraseSet(lex), unless: newPhraseSet(lex)}
	var res []*regexp.Regexp
	for i, sg := range sigs {
		for _, term := range sg.Terms {
			if _, err := s.terms.add(term); err != nil {
				return nil, fmt.Errorf("rule %q: %w", sg.Name, err)
			}
			s.termOwner = append(s.termOwner, i)
		}
		for _, term := range sg.Unless {
			if _, err := s.unless.add(term); err != nil {
				return nil, fmt.Errorf("rule %q: unless: %w", sg.Name, err)
			}
			s.unlessOf = append(s.unlessOf, i)
		}
		for _, p := range sg.Patterns {
			re, err := regexp.Compile("(?i)" + p)
			if err != nil {
				return nil, fmt.Errorf("rule %q: pattern %q: %w", sg.Name, p, err)
			}
			res = append(res, re)
			s.patOwner = append(s.patOwner, i)
		}
	}
	var err error
	if s.patterns, err = newREList(res); err != nil {
		return nil, err
	}
	return s, nil
}

// text is one field prepared for matching: normalised and split into words
// once, and shared by every matcher that reads it.
type text struct {
	raw   string
	words []string
	ids   []int32 // lexicon numbers of words, once a signal set looked them up
	lex   *lexicon
}

func newText(s string) text { return text{raw: s, words: words(s)} }

// prepare looks t's words up in the lexicon of s, unless that is done.
func (s *signalSet) prepare(t *text) {
	if t.lex != s.terms.lex {
		t.ids, t.lex = s.terms.lex.lookup(t.words), s.terms.lex
	}
}

// hits counts, per signal, the distinct terms and patterns found in t.
func (s *signalSet) hits(t text) []int {
	s.prepare(&t)
	counts := make([]int, len(s.signals))
	seen := make([]bool, len(s.termOwner))
	s.terms.matchIDs(t.words, t.ids, func(id, _ int) {
		if !seen[id] {
			seen[id] = true
			counts[s.termOwner[id]]++
		}
	})
	s.patternHits(t, counts)
	return counts
}

// patternHits adds to counts, per signal, its patterns that match t.
func (s *signalSet) patternHits(t text, counts []int) {
	var buf [64]bool
	for i, h := range s.patterns.hits(t.raw, buf[:0]) {
		if h {
			counts[s.patOwner[i]]++
		}
	}
}

// occ is one occurrence of a term: its id and its span of words [at, end).
type occ struct{ id, at, end int }

// countTerms adds to counts (one per signal) the terms of occs, the
// occurrences of s's terms in a text in order of their first word (maxLen
// words at most), except that an occurrence lying inside a longer
// occurrence of another signal's term does not count: the more specific
// phrase decides ("stopped working after" is a returns cue, not the
// "stopped working" of a software fault). group maps each signal to its
// group (the router passes its queue per rule); only a term of another
// group dominates. The router uses it; cue scoring for the extractor
// keeps plain hits.
//
// A term counts weight(at) for the best of its counted occurrences (at is
// the occurrence's first word), 1 when weight is nil. best is scratch, one
// per term, all zeros, and left so.
func (s *signalSet) countTerms(occs []occ, maxLen int, group []int, weight func(at int) float64, best, counts []float64) {
	for _, o := range occs {
		w := 1.0
		if weight != nil {
			w = weight(o.at)
		}
		if w <= best[o.id] || s.dominated(o.id, o.at, o.end, maxLen, occs, group) {
			continue
		}
		counts[s.termOwner[o.id]] += w - best[o.id]
		best[o.id] = w
	}
	for _, o := range occs {
		best[o.id] = 0
	}
}

// dominated reports whether a longer occurrence covering [at, end) belongs to
// a signal of another group (for the router: another queue). occs are in
// match order, which is by start.
func (s *signalSet) dominated(id, at, end, maxLen int, occs []occ, group []int) bool {
	lo := sort.Search(len(occs), func(k int) bool { return occs[k].at >= at-maxLen+1 })
	for k := lo; k < len(occs) && occs[k].at <= at; k++ {
		if o := occs[k]; o.end >= end && o.end-o.at > end-at && group[s.termOwner[o.id]] != group[s.termOwner[id]] {
			return true
		}
	}
	return false
}

// vetoed reports, per signal, whether one of its Unless terms occurs in any
// of the texts, in out (one per signal, false), which it returns.
func (s *signalSet) vetoed(out []bool, ts ...*text) []bool {
	for _, t := range ts {
		s.prepare(t)
		s.unless.matchIDs(t.words, t.ids, func(id, _ int) { out[s.unlessOf[id]] = true })
	}
	return out
}

// score sums the weights of the signals that match t at least once (each
// signal counts once) and returns the names of those signals.
func (s *signalSet) score(t text) (float64, []string) {
	var total float64
	var names []string
	s.prepare(&t)
	counts := s.hits(t)
	veto := s.vetoed(make([]bool, len(s.signals)), &t)
	for i, c := range counts {
		if c > 0 && !veto[i] {
			total += s.signals[i].Weight
			names = append(names, s.signals[i].Name)
		}
	}
	return total, names
}
