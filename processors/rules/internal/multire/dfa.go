package multire

import (
	"encoding/binary"
	"regexp/syntax"
	"slices"
	"sync/atomic"
	"unicode/utf8"
)

// state is one DFA state: the NFA threads waiting for the next rune, and
// the kind of the rune before them. row is where its transitions start in
// its table's next (its number times the number of classes).
type state struct {
	pcs   []int
	prev  uint8
	match []int // patterns that matched on the way into this state
	eot   []int // patterns that match if the text ends here
	row   uint32
}

// table is one generation of the DFA cache: its states by number (the
// start state is number 0) and all their transitions in one array, so that
// a step is one load. Entry row+c of next is 0 while the transition on
// class c is not built, else the target's row<<1, plus 1 if the target has
// matches. Once set, an entry never changes. A table grows by being copied
// into a larger one (numbers stay); when it would pass maxStates states a
// new generation starts empty. Scans holding an older table go on with it
// and move to the current one when they need a transition built.
type table struct {
	states []*state // room for the table's states: its length never changes
	n      int      // states held, guarded by Set.mu
	next   []atomic.Uint32
	gen    int
}

// Match sets hit[i] for each pattern i that matches somewhere in text
// (hit must have Len() entries; entries already set stay set). It takes
// time linear in len(text) and, once the states it needs are built, no
// lock and no allocation.
func (s *Set) Match(text string, hit []bool) {
	tbl := s.tbl.Load()
	row := uint32(0)
	for i := 0; i < len(text); {
		c := uint32(s.bytes[text[i]])
		if c != multiByte {
			i++
		} else {
			r, w := utf8.DecodeRuneInString(text[i:])
			c = uint32(s.classOfRune(r))
			i += w
		}
		v := tbl.next[row+c].Load()
		if v == 0 {
			tbl, v = s.build(tbl, row, c)
		}
		row = v >> 1
		if v&1 != 0 {
			for _, p := range tbl.states[row/uint32(s.nclass)].match {
				hit[p] = true
			}
		}
	}
	for _, p := range tbl.states[row/uint32(s.nclass)].eot {
		hit[p] = true
	}
}

// build computes the transition on class c of the state at row of tbl and
// returns the current table and the transition's entry there.
func (s *Set) build(tbl *table, row, c uint32) (*table, uint32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.tbl.Load()
	from := tbl.states[row/uint32(s.nclass)]
	if cur.gen != tbl.gen { // the cache started afresh since the scan began
		from = s.intern(from.pcs, from.prev, from.match)
		cur = s.tbl.Load()
	}
	if v := cur.next[from.row+c].Load(); v != 0 {
		return cur, v
	}
	if cur.n >= maxStates {
		s.flushes++
		s.restart(cur.gen + 1)
		from = s.intern(from.pcs, from.prev, from.match)
	}
	kind := s.kind[c]
	runes, match := s.closure(from.pcs, from.prev, kind)
	var pcs []int
	for _, pc := range runes {
		if s.prog[pc].match(s.rep(uint16(c))) {
			pcs = append(pcs, s.prog[pc].out)
		}
	}
	slices.Sort(pcs)
	nx := s.intern(slices.Compact(pcs), kind, match)
	v := nx.row << 1
	if len(nx.match) > 0 {
		v |= 1
	}
	cur = s.tbl.Load()
	cur.next[from.row+c].Store(v)
	return cur, v
}

// restart starts cache generation gen: an empty table holding the start
// state. The caller holds s.mu, or is New.
func (s *Set) restart(gen int) {
	s.states = map[string]*state{}
	s.tbl.Store(&table{gen: gen, next: make([]atomic.Uint32, 16*s.nclass), states: make([]*state, 16)})
	s.intern(nil, kBegin, nil)
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

// intern returns the state for (pcs, prev, match) in the current table,
// adding it (and growing the table) if it has none. The caller holds s.mu,
// or is New.
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
	tbl := s.tbl.Load()
	if tbl.n == len(tbl.states) {
		tbl = tbl.grow(s.nclass)
		s.tbl.Store(tbl)
	}
	st := &state{pcs: pcs, prev: prev, match: match, row: uint32(tbl.n * s.nclass)}
	_, st.eot = s.closure(pcs, prev, kBegin)
	tbl.states[tbl.n] = st
	tbl.n++
	s.states[string(key)] = st
	return st
}

// grow returns a copy of t with room for twice as many states (at most
// maxStates). t stays valid for the scans using it.
func (t *table) grow(nclass int) *table {
	n := min(2*len(t.states), maxStates)
	g := &table{gen: t.gen, n: t.n, states: make([]*state, n), next: make([]atomic.Uint32, n*nclass)}
	copy(g.states, t.states)
	for i := range t.n * nclass {
		g.next[i].Store(t.next[i].Load())
	}
	return g
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
	return s.tbl.Load().n, s.flushes
}
