package rules

import "hash/maphash"

// wordTable is a read-only copy of a finished lexicon for the router's
// hottest loop, looking up every word of every ticket: open addressing at
// most half full. Words of up to 8 bytes, most of them, are packed into
// a uint64 and found by one multiplication and, nearly always, one or two
// integer comparisons; longer ones by one hash and one or two string
// comparisons. Safe for concurrent use.
type wordTable struct {
	// short: packed words (never 0: no word holds a zero byte) and their
	// numbers; shift turns a hashed key into a slot.
	keys  []uint64
	ids   []int32
	shift uint
	// long: the words of more than 8 bytes.
	seed  maphash.Seed
	mask  uint64
	slots []wordSlot
}

type wordSlot struct {
	w    string
	id   int32
	used bool
}

// pack returns w (1 to 8 bytes) as a number; words without zero bytes get
// distinct numbers.
func pack(w string) uint64 {
	var k uint64
	for i := 0; i < len(w); i++ {
		k = k<<8 | uint64(w[i])
	}
	return k
}

// shortSlot is the first slot of packed word k (a shift of 64 gives 0).
func (t *wordTable) shortSlot(k uint64) uint64 { return (k * 0x9E3779B97F4A7C15) >> t.shift }

// tableSize returns the power of two at least 2n+1, and its log.
func tableSize(n int) (int, uint) {
	size, bits := 1, uint(0)
	for size < 2*n+1 {
		size, bits = size<<1, bits+1
	}
	return size, bits
}

// newWordTable copies ids (word -> lexicon number), which must not change
// afterwards for the copy to stay true.
func newWordTable(ids map[string]int32) *wordTable {
	nshort := 0
	for w := range ids {
		if len(w) <= 8 {
			nshort++
		}
	}
	ns, bits := tableSize(nshort)
	nl, _ := tableSize(len(ids) - nshort)
	t := &wordTable{keys: make([]uint64, ns), ids: make([]int32, ns), shift: 64 - bits,
		seed: maphash.MakeSeed(), mask: uint64(nl - 1), slots: make([]wordSlot, nl)}
	for w, id := range ids {
		switch {
		case w == "":
		case len(w) <= 8:
			i := t.shortSlot(pack(w))
			for t.keys[i] != 0 {
				i = (i + 1) & uint64(ns-1)
			}
			t.keys[i], t.ids[i] = pack(w), id
		default:
			i := maphash.String(t.seed, w) & t.mask
			for t.slots[i].used {
				i = (i + 1) & t.mask
			}
			t.slots[i] = wordSlot{w, id, true}
		}
	}
	return t
}

// get is ids[w].
func (t *wordTable) get(w string) (int32, bool) {
	if len(w) <= 8 {
		if w == "" {
			return -1, false
		}
		k, mask := pack(w), uint64(len(t.keys)-1)
		for i := t.shortSlot(k); ; i = (i + 1) & mask {
			switch t.keys[i] {
			case k:
				return t.ids[i], true
			case 0:
				return -1, false
			}
		}
	}
	for i := maphash.String(t.seed, w) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if !s.used {
			return -1, false
		}
		if s.w == w {
			return s.id, true
		}
	}
}
