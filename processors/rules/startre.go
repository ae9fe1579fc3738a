package rules

import (
	"regexp"
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// startRE finds the matches of a regular expression exactly as package
// regexp's FindAll methods do, faster: instead of a search that runs the
// expression from every position of the text, an anchored copy of it is
// tried only where a match can start, that is at a byte that can begin one
// (and, for an expression whose every match starts with \b, at a word
// boundary). The copy reads the rune before the position too, so every
// assertion there (\b, \B, ^) sees what the search would see.
//
// The answers are those of the search: leftmost start first, and at that
// start the match the expression prefers (regexp's leftmost-first), then
// the next match from its end. An expression that can match the empty
// string is searched as it is. Safe for concurrent use.
type startRE struct {
	re    *regexp.Regexp
	at0   *regexp.Regexp // \A(?:re): a match at the text's start
	atN   *regexp.Regexp // \A(?s:.)(?:re): the rune before the start, then a match
	first [256]bool      // the bytes a match can start with
	pairs *nextBytes     // after an ASCII first byte, the bytes that may follow it
	bound bool           // every match starts where \b holds
	scan  bool           // no anchored copies: search with re
}

func newStartRE(re *regexp.Regexp) *startRE {
	sr := &startRE{re: re, scan: true}
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return sr
	}
	tree = tree.Simplify()
	if startBytes(tree, &sr.first) {
		return sr // it may match the empty string, anywhere
	}
	sr.bound = leadingBoundary(tree)
	if prog, err := syntax.Compile(tree); err == nil {
		sr.pairs = secondBytes(prog, &sr.first)
	}
	at0, err0 := regexp.Compile(`\A(?:` + re.String() + `)`)
	atN, errN := regexp.Compile(`\A(?s:.)(?:` + re.String() + `)`)
	if err0 != nil || errN != nil || at0.NumSubexp() != re.NumSubexp() || atN.NumSubexp() != re.NumSubexp() {
		return sr
	}
	sr.at0, sr.atN, sr.scan = at0, atN, false
	return sr
}

// findAll is re.FindAllStringSubmatchIndex(s, -1) when sub is set, else
// re.FindAllStringIndex(s, -1).
func (sr *startRE) findAll(s string, sub bool) [][]int {
	if !sr.scan {
		if out, ok := sr.tried(s, sub); ok {
			return out
		}
	}
	if sub {
		return sr.re.FindAllStringSubmatchIndex(s, -1)
	}
	return sr.re.FindAllStringIndex(s, -1)
}

// tried is findAll by anchored tries; ok is false when it cannot tell.
func (sr *startRE) tried(s string, sub bool) (out [][]int, ok bool) {
	for pos := 0; pos < len(s); {
		m, ok := sr.next(s, pos, sub)
		if !ok {
			return nil, false
		}
		if m == nil {
			break
		}
		out = append(out, m)
		pos = m[1] // a match is never empty
	}
	return out, true
}

// next returns the first match starting at pos or after, nil when there is
// none; ok is false when it cannot tell (invalid UTF-8 the copies would
// read otherwise than the search).
func (sr *startRE) next(s string, pos int, sub bool) (m []int, ok bool) {
	for p := pos; p < len(s); {
		r, w := utf8.DecodeRuneInString(s[p:])
		if sr.first[s[p]] && sr.pairs.may(s, p) && (!sr.bound || sr.boundaryAt(s, p, r)) {
			if m, ok := sr.try(s, p, sub); !ok || m != nil {
				return m, ok
			}
		}
		p += w
	}
	return nil, true
}

// boundaryAt says whether \b holds at s[p], r being the rune there.
func (sr *startRE) boundaryAt(s string, p int, r rune) bool {
	before := false
	if p > 0 {
		b, _ := utf8.DecodeLastRuneInString(s[:p])
		before = syntax.IsWordChar(b)
	}
	return before != syntax.IsWordChar(r)
}

// try returns the match starting at p, nil when there is none.
func (sr *startRE) try(s string, p int, sub bool) ([]int, bool) {
	re, from := sr.at0, p
	if p > 0 {
		_, w := utf8.DecodeLastRuneInString(s[:p])
		if _, fw := utf8.DecodeRuneInString(s[p-w:]); fw != w {
			return nil, false
		}
		re, from = sr.atN, p-w
	}
	var m []int
	if sub {
		m = re.FindStringSubmatchIndex(s[from:])
	} else {
		m = re.FindStringIndex(s[from:])
	}
	if m == nil {
		return nil, true
	}
	for i := range m {
		if m[i] >= 0 {
			m[i] += from
		}
	}
	m[0] = p
	return m, true
}

// startBytes adds to first the bytes a match of re can start with, and
// reports whether re can match the empty string (then first says
// nothing). It errs on the side of more bytes: every rune that is not
// ASCII, and invalid UTF-8, may start with any byte from 0x80 up.
func startBytes(re *syntax.Regexp, first *[256]bool) (nullable bool) {
	switch re.Op {
	case syntax.OpNoMatch:
		return false
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return true
		}
		r := re.Rune[0]
		addRune(first, r)
		if re.Flags&syntax.FoldCase != 0 {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				addRune(first, f)
			}
		}
		return false
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1] && r < utf8.RuneSelf; r++ {
				first[r] = true
			}
			if re.Rune[i+1] >= utf8.RuneSelf {
				addRune(first, utf8.RuneSelf)
			}
		}
		return false
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		for b := range first {
			first[b] = true
		}
		return false
	case syntax.OpCapture, syntax.OpPlus:
		return startBytes(re.Sub[0], first)
	case syntax.OpStar, syntax.OpQuest:
		startBytes(re.Sub[0], first)
		return true
	case syntax.OpRepeat:
		return startBytes(re.Sub[0], first) || re.Min == 0
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !startBytes(sub, first) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		null := false
		for _, sub := range re.Sub {
			null = startBytes(sub, first) || null
		}
		return null
	}
	return true // empty-width assertions, the empty match, anything else
}

// addRune adds the first byte of r, or every byte from 0x80 up when r is
// not ASCII.
func addRune(first *[256]bool, r rune) {
	if r >= 0 && r < utf8.RuneSelf {
		first[r] = true
		return
	}
	for b := utf8.RuneSelf; b < len(first); b++ {
		first[b] = true
	}
}

// leadingBoundary reports whether every match of re starts with \b.
func leadingBoundary(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpWordBoundary:
		return true
	case syntax.OpCapture:
		return leadingBoundary(re.Sub[0])
	case syntax.OpConcat:
		return len(re.Sub) > 0 && leadingBoundary(re.Sub[0])
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !leadingBoundary(sub) {
				return false
			}
		}
		return len(re.Sub) > 0
	}
	return false
}

// nextBytes holds, per ASCII first byte of a match, the bytes that can
// follow it in one (a bit set): bytes from 0x80 up always may (a rune of
// more bytes is not followed there), and all of them may when a match can
// end after the first byte.
type nextBytes [utf8.RuneSelf][4]uint64

// may says whether a match can start at s[p] by its first two bytes; a
// nil table says nothing.
func (nb *nextBytes) may(s string, p int) bool {
	if nb == nil || s[p] >= utf8.RuneSelf || p+1 == len(s) {
		return true
	}
	b := s[p+1]
	return nb[s[p]][b/64]&(1<<(b%64)) != 0
}

// secondBytes runs prog one ASCII rune deep from its start, the empty-width
// assertions taken as holding (so that it errs on the side of more bytes):
// nil when a match can be empty.
func secondBytes(prog *syntax.Prog, first *[256]bool) *nextBytes {
	starts, match := closure(prog, []uint32{uint32(prog.Start)})
	if match {
		return nil
	}
	nb := new(nextBytes)
	for b1 := range utf8.RuneSelf {
		if !first[b1] {
			continue
		}
		var outs []uint32
		for _, pc := range starts {
			if prog.Inst[pc].MatchRune(rune(b1)) {
				outs = append(outs, prog.Inst[pc].Out)
			}
		}
		runes, match := closure(prog, outs)
		for b2 := range 256 {
			ok := match || b2 >= utf8.RuneSelf
			for _, pc := range runes {
				ok = ok || prog.Inst[pc].MatchRune(rune(b2))
			}
			if ok {
				nb[b1][b2/64] |= 1 << (b2 % 64)
			}
		}
	}
	return nb
}

// closure follows the empty moves of prog from pcs, assertions taken as
// holding: the rune instructions it reaches, and whether it reaches a
// match.
func closure(prog *syntax.Prog, pcs []uint32) (runes []uint32, match bool) {
	seen := make([]bool, len(prog.Inst))
	for len(pcs) > 0 {
		pc := pcs[len(pcs)-1]
		pcs = pcs[:len(pcs)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		switch in := &prog.Inst[pc]; in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			pcs = append(pcs, in.Out, in.Arg)
		case syntax.InstCapture, syntax.InstNop, syntax.InstEmptyWidth:
			pcs = append(pcs, in.Out)
		case syntax.InstMatch:
			match = true
		case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			runes = append(runes, pc)
		}
	}
	return runes, match
}
