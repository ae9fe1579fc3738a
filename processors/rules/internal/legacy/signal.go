package legacy

import (
	"fmt"
	"regexp"
)

// signalSet is a compiled list of Signals, matched together.
type signalSet struct {
	signals   []Signal
	terms     *phraseSet
	termOwner []int // term id -> signal index
	unless    *phraseSet
	unlessOf  []int // unless id -> signal index
	patterns  []*regexp.Regexp
	patOwner  []int // pattern index -> signal index
}

// compileSignals compiles sigs; errors name the offending signal.
func compileSignals(sigs []Signal) (*signalSet, error) {
	s := &signalSet{signals: sigs, terms: newPhraseSet(), unless: newPhraseSet()}
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
			s.patterns = append(s.patterns, re)
			s.patOwner = append(s.patOwner, i)
		}
	}
	return s, nil
}

// text is one field prepared for matching.
type text struct {
	raw   string
	words []string
}

func newText(s string) text { return text{raw: s, words: words(s)} }

// hits counts, per signal, the distinct terms and patterns found in t.
func (s *signalSet) hits(t text) []int {
	counts := make([]int, len(s.signals))
	seen := make([]bool, len(s.termOwner))
	s.terms.match(t.words, func(id, _ int) {
		if !seen[id] {
			seen[id] = true
			counts[s.termOwner[id]]++
		}
	})
	for i, re := range s.patterns {
		if re.MatchString(t.raw) {
			counts[s.patOwner[i]]++
		}
	}
	return counts
}

// occ is one occurrence of a term: its id and its span of words [at, end).
type occ struct{ id, at, end int }

// specificHits is hits, except that a term occurrence lying inside a longer
// occurrence of another signal's term does not count: the more specific
// phrase decides ("stopped working after" is a returns cue, not the
// "stopped working" of a software fault). group maps each signal to its
// group (the router passes its queue per rule); only a term of another
// group dominates. The router uses it; cue scoring
// for the extractor keeps plain hits.
func (s *signalSet) specificHits(t text, group []int) []int {
	var occs []occ
	maxLen := 0
	s.terms.match(t.words, func(id, at int) {
		n := len(s.terms.phrases[id].words)
		occs = append(occs, occ{id, at, at + n})
		maxLen = max(maxLen, n)
	})
	// byStart[i] lists the occurrences starting at word i (in match order,
	// which is by start position).
	byStart := map[int][]int{}
	for k, o := range occs {
		byStart[o.at] = append(byStart[o.at], k)
	}
	counts := make([]int, len(s.signals))
	seen := make([]bool, len(s.termOwner))
	for _, o := range occs {
		if seen[o.id] || s.dominated(o.id, o.at, o.end, maxLen, occs, byStart, group) {
			continue
		}
		seen[o.id] = true
		counts[s.termOwner[o.id]]++
	}
	for i, re := range s.patterns {
		if re.MatchString(t.raw) {
			counts[s.patOwner[i]]++
		}
	}
	return counts
}

// dominated reports whether a longer occurrence covering [at, end) belongs to
// a signal of another group (for the router: another queue).
func (s *signalSet) dominated(id, at, end, maxLen int, occs []occ, byStart map[int][]int, group []int) bool {
	for st := max(0, at-maxLen+1); st <= at; st++ {
		for _, k := range byStart[st] {
			o := occs[k]
			if o.end >= end && o.end-o.at > end-at && group[s.termOwner[o.id]] != group[s.termOwner[id]] {
				return true
			}
		}
	}
	return false
}

// vetoed reports, per signal, whether one of its Unless terms occurs in any
// of the texts.
func (s *signalSet) vetoed(ts ...text) []bool {
	out := make([]bool, len(s.signals))
	for _, t := range ts {
		s.unless.match(t.words, func(id, _ int) { out[s.unlessOf[id]] = true })
	}
	return out
}

// score sums the weights of the signals that match t at least once (each
// signal counts once) and returns the names of those signals.
func (s *signalSet) score(t text) (float64, []string) {
	var total float64
	var names []string
	counts := s.hits(t)
	veto := s.vetoed(t)
	for i, c := range counts {
		if c > 0 && !veto[i] {
			total += s.signals[i].Weight
			names = append(names, s.signals[i].Name)
		}
	}
	return total, names
}
