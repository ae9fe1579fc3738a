package multire

import (
	"encoding/binary"
	"regexp/syntax"
	"slices"
	"sync/atomic"
	"unicode/utf8"
)

// state is one DFA state: the NFA threads waiting for the next rune, and
// the kind of the rune before them.
type state struct {
	pcs   []int
	prev  uint8
	match []int // patterns that matched on the way into this state
	eot   []int // patterns that match if the text ends here
	next  []atomic.Pointer[state]
	gen   int // the cache generation it belongs to
}

// Match sets hit[i] for each pattern i that matches somewhere in text
// (hit must have Len() entries; entries already set stay set). It takes
// time linear in len(text) and, once the states it needs are built, no
// lock and no allocation.
func (s *Set) Match(text string, hit []bool) {
	st := s.start.Load()
	for i := 0; i < len(text); {
		c := s.bytes[text[i]]
		if c != multiByte {
			i++
		} else {
			r, w := utf8.DecodeRuneInString(text[i:])
			c = s.classOfRune(r)
			i += w
		}
		nx := st.next[c].Load()
		if nx == nil {
			nx = s.build(st, c)
		}
		st = nx
		if len(st.match) > 0 {
			for _, p := range st.match {
				hit[p] = true
			}
		}
	}
	for _, p := range st.eot {
		hit[p] = true
	}
}

// build computes the transition of st on class c. When the cache is full it
// starts a new one (a new generation): scans still on old states go on,
// building the states they need in the new cache, unlinked from the old.
func (s *Set) build(st *state, c uint16) *state {
	s.mu.Lock()
	defer s.mu.Unlock()
	if nx := st.next[c].Load(); nx != nil {
		return nx
	}
	if len(s.states) >= maxStates {
		s.gen++
		s.flushes++
		s.states = map[string]*state{}
		s.start.Store(s.intern(nil, kBegin, nil))
	}
	kind := s.kind[c]
	runes, match := s.closure(st.pcs, st.prev, kind)
	var pcs []int
	for _, pc := range runes {
		if s.prog[pc].match(s.rep(c)) {
			pcs = append(pcs, s.prog[pc].out)
		}
	}
	slices.Sort(pcs)
	nx := s.intern(slices.Compact(pcs), kind, match)
	if st.gen == s.gen {
		st.next[c].Store(nx)
	}
	return nx
}

// rep returns a rune of class c.
func (s *Set) rep(c uint16) rune {
	for r, k := range s.ascii {
		if k == c {
			return rune(r)
		}
	}
	for i, k := range s.class {
		if k == c {
			return s.bounds[i]
		}
	}
	panic("multire: class without a rune")
}

// intern returns the state for (pcs, prev, match), creating it. The caller
// holds s.mu, or is New.
func (s *Set) intern(pcs []int, prev uint8, match []int) *state {
	key := make([]byte, 0, 4*(len(pcs)+len(match))+2)
	key = append(key, prev)
	for _, pc := range pcs {
		key = binary.AppendUvarint(key, uint64(pc))
	}
	key = append(key, 0xff)
	for _, p := range match {
		key = binary.AppendUvarint(key, uint64(p))
	}
	if st, ok := s.states[string(key)]; ok {
		return st
	}
	st := &state{pcs: pcs, prev: prev, match: match, next: make([]atomic.Pointer[state], s.nclass), gen: s.gen}
	_, st.eot = s.closure(pcs, prev, kBegin)
	s.states[string(key)] = st
	return st
}

// closure follows the empty transitions from pcs and from every pattern's
// start, between a rune of kind prev and one of kind next (kBegin: the
// text's start or end). It returns the rune instructions reached and the
// patterns whose match instruction was reached, both without duplicates.
func (s *Set) closure(pcs []int, prev, next uint8) (runes, match []int) {
	flags := syntax.EmptyOpContext(kindRune(prev), kindRune(next))
	seen := make([]bool, len(s.prog))
	matched := make([]bool, s.n)
	stack := append(append([]int{}, pcs...), s.starts...)
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		in := &s.prog[pc]
		switch in.op {
		case syntax.InstAlt, syntax.InstAltMatch:
			stack = append(stack, in.out, in.arg)
		case syntax.InstCapture, syntax.InstNop:
			stack = append(stack, in.out)
		case syntax.InstEmptyWidth:
			if syntax.EmptyOp(in.arg)&^flags == 0 {
				stack = append(stack, in.out)
			}
		case syntax.InstMatch:
			if !matched[in.pat] {
				matched[in.pat] = true
				match = append(match, in.pat)
			}
		case syntax.InstFail:
		default:
			runes = append(runes, pc)
		}
	}
	slices.Sort(match)
	return runes, match
}

// kindRune is a rune of the given context kind, for syntax.EmptyOpContext.
func kindRune(k uint8) rune {
	switch k {
	case kNewline:
		return '\n'
	case kWord:
		return 'a'
	case kOther:
		return ' '
	}
	return -1
}

// Stats returns how many states the cache holds and how many times it
// started afresh.
func (s *Set) Stats() (states, flushes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.states), s.flushes
}
