package rules

import "hash/maphash"

// wordTable is a read-only copy of a finished lexicon for the router's
// hottest loop, looking up every word of every ticket: open addressing at
// most half full, so a lookup is one hash and, nearly always, one or two
// string comparisons. Safe for concurrent use.
type wordTable struct {
	seed  maphash.Seed
	mask  uint64
	slots []wordSlot
}

type wordSlot struct {
	w    string
	id   int32
	used bool
}

// newWordTable copies ids (word -> lexicon number), which must not change
// afterwards for the copy to stay true.
func newWordTable(ids map[string]int32) *wordTable {
	n := 1
	for n < 2*len(ids)+1 {
		n <<= 1
	}
	t := &wordTable{seed: maphash.MakeSeed(), mask: uint64(n - 1), slots: make([]wordSlot, n)}
	for w, id := range ids {
		i := maphash.String(t.seed, w) & t.mask
		for t.slots[i].used {
			i = (i + 1) & t.mask
		}
		t.slots[i] = wordSlot{w, id, true}
	}
	return t
}

// get is ids[w].
func (t *wordTable) get(w string) (int32, bool) {
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
