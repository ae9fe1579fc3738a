package llm

import "sync"

// maxFixed bounds the fixed prompt parts whose counts a Counter remembers:
// a few per prompt version and model; past it, parts are counted each time.
const maxFixed = 256

// fixedCounts remembers the token counts of the fixed parts of prompts (a
// system prompt, an answer schema and its name, the roles), keyed by their
// text: a prompt version renders the same text for every call, so its
// parts are tokenized once, and a new version, being other text, once more.
// Safe for concurrent use.
type fixedCounts struct {
	mu     sync.RWMutex
	counts map[string]int
	misses int // texts tokenized, for tests
}

// CountFixed is Count for text that recurs unchanged across calls (a system
// prompt, an answer schema): the first call tokenizes it, later ones return
// the remembered count. Text that differs per call must use Count, or it
// fills the memory (bounded) for nothing.
func (c *Counter) CountFixed(s string) int {
	f := c.fixed
	f.mu.RLock()
	n, ok := f.counts[s]
	f.mu.RUnlock()
	if ok {
		return n
	}
	n = c.Count(s)
	f.mu.Lock()
	f.misses++
	if len(f.counts) < maxFixed {
		f.counts[s] = n
	}
	f.mu.Unlock()
	return n
}
