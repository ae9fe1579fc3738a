// Package multire tells, in one pass over a string, which of many RE2
// regular expressions match it somewhere: what calling MatchString of each
// would answer, at the cost of one scan instead of one per pattern.
//
// A Set compiles the patterns with regexp/syntax, exactly as package regexp
// does, joins their programs into one NFA and runs it as a lazily built DFA.
// States are built on first use and kept (up to a bound), so after warm-up
// a scan costs a table look-up per byte. The answers are those of
// regexp.MatchString by construction: the same parser and compiler, the same
// rune decoding (invalid UTF-8 is U+FFFD, one byte wide), the same
// empty-width assertions, evaluated from the same context.
package multire

import (
	"fmt"
	"regexp/syntax"
	"sort"
	"sync"
	"sync/atomic"
	"unicode"
)

// maxStates bounds the DFA states a Set holds; when full, its cache starts
// afresh. A state holds a transition per rune class, so this bounds memory.
const maxStates = 4096

// Set is a compiled list of patterns. It is safe for concurrent use: states
// are built under a lock and published atomically; scanning takes no lock.
type Set struct {
	n      int    // patterns
	prog   []inst // the joined programs
	starts []int  // start pc of each pattern

	ascii  [128]uint16 // class of each ASCII rune
	bytes  [256]uint16 // ascii, and multiByte for the bytes that start no ASCII rune
	bounds []rune      // sorted starts of the non-ASCII rune intervals
	class  []uint16    // class of each interval
	nclass int
	kind   []uint8 // context kind of each class (kWord, kNewline, kOther)

	mu      sync.Mutex
	states  map[string]*state // the current table's states by key, guarded by mu
	flushes int               // times the cache started afresh, guarded by mu
	tbl     atomic.Pointer[table]
}

// inst is one instruction of the joined program.
type inst struct {
	op    syntax.InstOp
	out   int
	arg   int             // InstAlt: other branch; InstEmptyWidth: the EmptyOp
	pat   int             // InstMatch: the pattern it ends
	match func(rune) bool // rune instructions
}

// multiByte marks, in Set.bytes, a byte that starts no ASCII rune: the rune
// must be decoded. Classes are fewer than 1<<16-1, so it is no class.
const multiByte = 1<<16 - 1

// Context kinds of the rune before and after a position, all that the
// empty-width assertions look at.
const (
	kBegin = iota // no rune: start (before) or end (after) of the text
	kNewline
	kWord
	kOther
)

// New compiles patterns as regexp.Compile would; the error names the first
// pattern that does not compile.
func New(patterns []string) (*Set, error) {
	s := &Set{n: len(patterns)}
	for i, p := range patterns {
		re, err := syntax.Parse(p, syntax.Perl)
		if err != nil {
			return nil, fmt.Errorf("multire: pattern %d %q: %w", i, p, err)
		}
		prog, err := syntax.Compile(re.Simplify())
		if err != nil {
			return nil, fmt.Errorf("multire: pattern %d %q: %w", i, p, err)
		}
		s.add(prog, i)
	}
	if err := s.classify(); err != nil {
		return nil, err
	}
	s.restart(0)
	return s, nil
}

// Len is the number of patterns.
func (s *Set) Len() int { return s.n }

// add appends prog, the program of pattern pat, to the joined program.
func (s *Set) add(prog *syntax.Prog, pat int) {
	off := len(s.prog)
	s.starts = append(s.starts, off+prog.Start)
	for k := range prog.Inst {
		in := &prog.Inst[k]
		x := inst{op: in.Op, out: off + int(in.Out), pat: pat}
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			x.arg = off + int(in.Arg)
		case syntax.InstEmptyWidth:
			x.arg = int(in.Arg)
		case syntax.InstRune:
			x.match = in.MatchRune
		case syntax.InstRune1:
			r0 := in.Rune[0]
			x.match = func(r rune) bool { return r == r0 }
		case syntax.InstRuneAny:
			x.match = func(rune) bool { return true }
		case syntax.InstRuneAnyNotNL:
			x.match = func(r rune) bool { return r != '\n' }
		}
		s.prog = append(s.prog, x)
	}
	s.addBounds(prog)
}

// addBounds records the interval edges of prog's rune instructions.
func (s *Set) addBounds(prog *syntax.Prog) {
	for k := range prog.Inst {
		in := &prog.Inst[k]
		switch in.Op {
		case syntax.InstRune, syntax.InstRune1:
			rs := in.Rune
			if len(rs) == 1 {
				s.edge(rs[0], rs[0])
				if in.Op == syntax.InstRune && syntax.Flags(in.Arg)&syntax.FoldCase != 0 {
					for r := unicode.SimpleFold(rs[0]); r != rs[0]; r = unicode.SimpleFold(r) {
						s.edge(r, r)
					}
				}
				continue
			}
			for j := 0; j+1 < len(rs); j += 2 {
				s.edge(rs[j], rs[j+1])
			}
		}
	}
}

// edge records the interval [lo, hi] (non-ASCII part only: ASCII runes get
// a class each).
func (s *Set) edge(lo, hi rune) {
	if hi < 0x80 {
		return
	}
	lo = max(lo, 0x80)
	s.bounds = append(s.bounds, lo)
	if hi < unicode.MaxRune {
		s.bounds = append(s.bounds, hi+1)
	}
}

// classify partitions the runes into classes that no instruction and no
// assertion tells apart: runes with the same answers share a class.
func (s *Set) classify() error {
	s.bounds = append(s.bounds, 0x80)
	sort.Slice(s.bounds, func(i, j int) bool { return s.bounds[i] < s.bounds[j] })
	uniq := s.bounds[:0]
	for i, b := range s.bounds {
		if i == 0 || b != s.bounds[i-1] {
			uniq = append(uniq, b)
		}
	}
	s.bounds = uniq
	ids := map[string]uint16{}
	var runeInsts []int
	for pc, in := range s.prog {
		if in.match != nil {
			runeInsts = append(runeInsts, pc)
		}
	}
	sig := make([]byte, len(runeInsts)+1)
	classOf := func(r rune) uint16 {
		switch {
		case r == '\n':
			sig[0] = kNewline
		case syntax.IsWordChar(r):
			sig[0] = kWord
		default:
			sig[0] = kOther
		}
		for k, pc := range runeInsts {
			sig[k+1] = 0
			if s.prog[pc].match(r) {
				sig[k+1] = 1
			}
		}
		id, ok := ids[string(sig)]
		if !ok {
			if len(ids) >= multiByte {
				return multiByte // too many: New reports it
			}
			id = uint16(len(ids))
			ids[string(sig)] = id
			s.kind = append(s.kind, sig[0])
		}
		return id
	}
	for r := rune(0); r < 0x80; r++ {
		s.ascii[r] = classOf(r)
	}
	for b := range s.bytes {
		s.bytes[b] = multiByte
		if b < 0x80 {
			s.bytes[b] = s.ascii[b]
		}
	}
	s.class = make([]uint16, len(s.bounds))
	for i, b := range s.bounds {
		s.class[i] = classOf(b)
	}
	s.nclass = len(ids)
	if s.nclass >= multiByte {
		return fmt.Errorf("multire: the patterns tell apart more than %d kinds of rune", multiByte-1)
	}
	return nil
}

// classOfRune returns the class of a non-ASCII rune.
func (s *Set) classOfRune(r rune) uint16 {
	i := sort.Search(len(s.bounds), func(i int) bool { return s.bounds[i] > r }) - 1
	return s.class[i]
}
