package rules

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
)

// maxFixCache is how many words a speller remembers (a power of two).
const maxFixCache = 16384

// fixCache remembers the speller's answer for words it was asked about
// ("" when the word stays): a two-way set-associative table, where a word
// takes a free slot of its pair or pushes out one of the two words there,
// so it never holds more than maxFixCache words and a read is one hash,
// two atomic loads and a comparison, with no lock. Forgetting is harmless:
// the speller's answers do not change. It is safe for concurrent use.
type fixCache struct {
	seed  maphash.Seed
	slots [maxFixCache]atomic.Pointer[fixEntry]
}

func newFixCache() *fixCache { return &fixCache{seed: maphash.MakeSeed()} }

type fixEntry struct{ w, fixed string }

// pair returns the first of w's two slots, and the hash's spare bit.
func (c *fixCache) pair(w string) (int, int) {
	h := maphash.String(c.seed, w)
	return int(h & (maxFixCache - 2)), int(h>>63) & 1
}

func (c *fixCache) get(w string) (string, bool) {
	i, _ := c.pair(w)
	for j := i; j < i+2; j++ {
		if e := c.slots[j].Load(); e != nil && e.w == w {
			return e.fixed, true
		}
	}
	return "", false
}

func (c *fixCache) put(w, fixed string) {
	i, spare := c.pair(w)
	j := i + spare
	switch {
	case c.slots[i].Load() == nil:
		j = i
	case c.slots[i+1].Load() == nil:
		j = i + 1
	}
	c.slots[j].Store(&fixEntry{strings.Clone(w), fixed}) // w may share memory with a whole text
}
