package rules

import (
	"strings"
	"sync"
)

// maxFixCache bounds the words a speller remembers; when full it forgets
// them all and starts again.
const maxFixCache = 8192

// fixCache remembers the speller's answer for words outside the vocabulary
// ("" when the word stays). It is safe for concurrent use.
type fixCache struct {
	mu sync.RWMutex
	m  map[string]string
}

func (c *fixCache) get(w string) (string, bool) {
	c.mu.RLock()
	fixed, ok := c.m[w]
	c.mu.RUnlock()
	return fixed, ok
}

func (c *fixCache) put(w, fixed string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxFixCache {
		c.m = make(map[string]string, 256)
	}
	c.m[strings.Clone(w)] = fixed // w may share memory with a whole text
}
