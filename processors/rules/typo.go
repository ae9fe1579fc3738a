package rules

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// speller corrects words of a text towards the vocabulary of a rules file:
// one typo (a deleted, inserted or replaced letter, or two swapped
// neighbours) or two vocabulary words run together ("availablepayment").
// Only words outside the vocabulary, made of letters, are touched, and only
// towards vocabulary words of at least minTypoLen letters.
type speller struct {
	vocab   map[string]bool
	deletes map[string][]string // word or word with one letter deleted -> vocabulary words
}

// minTypoLen is the shortest word corrected for a typo; shorter words are
// too easily confused. Swapped neighbours are corrected from 4 letters on.
const minTypoLen = 5

func newSpeller(vocab map[string]bool) *speller {
	sp := &speller{vocab: vocab, deletes: map[string][]string{}}
	for w := range vocab {
		if utf8.RuneCountInString(w) < minTypoLen-1 || !allLetters(w) {
			continue
		}
		sp.deletes[w] = append(sp.deletes[w], w)
		for _, d := range deletions(w) {
			sp.deletes[d] = append(sp.deletes[d], w)
		}
	}
	for k, ws := range sp.deletes {
		sort.Strings(ws)
		sp.deletes[k] = ws
	}
	return sp
}

// correct returns ws with unknown words corrected; ws is not modified.
func (sp *speller) correct(ws []string) []string {
	var out []string
	for i, w := range ws {
		fixed := sp.fix(w)
		if fixed != nil && out == nil {
			out = append(make([]string, 0, len(ws)+1), ws[:i]...)
		}
		switch {
		case fixed != nil:
			out = append(out, fixed...)
		case out != nil:
			out = append(out, w)
		}
	}
	if out == nil {
		return ws
	}
	return out
}

// fix returns the correction of w, or nil to keep it.
func (sp *speller) fix(w string) []string {
	n := utf8.RuneCountInString(w)
	if sp.vocab[w] || n < minTypoLen-1 || !allLetters(w) || sp.inflected(w) {
		return nil
	}
	rs := []rune(w)
	for i := 0; i+1 < len(rs); i++ { // swapped neighbours
		rs[i], rs[i+1] = rs[i+1], rs[i]
		if s := string(rs); sp.vocab[s] {
			return []string{s}
		}
		rs[i], rs[i+1] = rs[i+1], rs[i]
	}
	if n < minTypoLen {
		return nil
	}
	best := ""
	consider := func(cands []string) {
		for _, c := range cands {
			if (best == "" || c < best) && utf8.RuneCountInString(c) >= minTypoLen && editDistance1(w, c) {
				best = c
			}
		}
	}
	consider(sp.deletes[w])
	for _, d := range deletions(w) {
		consider(sp.deletes[d])
	}
	if best != "" {
		return []string{best}
	}
	for i := range w { // two words run together
		if i < 2 || len(w)-i < 3 || !utf8.RuneStart(w[i]) {
			continue
		}
		if l, r := w[:i], w[i:]; sp.vocab[l] && sp.vocab[r] && len(l)+len(r) >= 7 {
			return []string{l, r}
		}
	}
	return nil
}

// inflected reports whether w is a vocabulary word plus a common English
// ending ("invoices", "charged"): a real word, not a typo.
func (sp *speller) inflected(w string) bool {
	for _, end := range []string{"s", "es", "d", "ed", "ing", "ly"} {
		if stem, ok := strings.CutSuffix(w, end); ok && sp.vocab[stem] {
			return true
		}
	}
	return false
}

// deletions returns w with each one of its letters deleted.
func deletions(w string) []string {
	out := make([]string, 0, len(w))
	for i, r := range w {
		out = append(out, w[:i]+w[i+utf8.RuneLen(r):])
	}
	return out
}

// editDistance1 reports whether a and b differ by exactly one inserted,
// deleted or replaced letter.
func editDistance1(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(ra)-len(rb) > 1 {
		return false
	}
	i := 0
	for i < len(rb) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		return i < len(ra) && string(ra[i+1:]) == string(rb[i+1:])
	}
	return string(ra[i+1:]) == string(rb[i:])
}

func allLetters(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
}
