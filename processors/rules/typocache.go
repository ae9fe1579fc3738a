package rules

import (
	"strings"
	"sync"
	"sync/atomic"
)

// maxFixCache bounds the words a speller remembers; when full it forgets
// them all and starts again.
const maxFixCache = 8192

// fixCache remembers the speller's answer for words it was asked about
// ("" when the word stays). It is safe for concurrent use; reads take no
// lock.
type fixCache struct {
	m    sync.Map // string -> string
	size atomic.Int64
}

func (c *fixCache) get(w string) (string, bool) {
	v, ok := c.m.Load(w)
	if !ok {
		return "", false
	}
	return v.(string), true
}

func (c *fixCache) put(w, fixed string) {
	if c.size.Add(1) > maxFixCache {
		c.m.Clear()
		c.size.Store(1)
	}
	c.m.Store(strings.Clone(w), fixed) // w may share memory with a whole text
}
