package rules

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
