package processors

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// MemoryStore is a bounded in-memory Store: least recently used entries are
// evicted beyond Max entries, and entries expire after their TTL.
type MemoryStore struct {
	mu    sync.Mutex
	max   int
	ll    *list.List
	items map[string]*list.Element
	now   func() time.Time
}

type memEntry struct {
	key     string
	value   []byte
	expires time.Time
}

// NewMemoryStore returns a store holding at most max entries (>= 1).
func NewMemoryStore(max int) *MemoryStore {
	return &MemoryStore{max: max, ll: list.New(), items: map[string]*list.Element{}, now: time.Now}
}

// Get implements Store.
func (m *MemoryStore) Get(_ context.Context, key string) ([]byte, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	el, ok := m.items[key]
	if !ok {
		return nil, false, nil
	}
	e := el.Value.(*memEntry)
	if !e.expires.IsZero() && m.now().After(e.expires) {
		m.ll.Remove(el)
		delete(m.items, key)
		return nil, false, nil
	}
	m.ll.MoveToFront(el)
	return e.value, true, nil
}

// Set implements Store. ttl <= 0 means no expiry.
func (m *MemoryStore) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	var exp time.Time
	if ttl > 0 {
		exp = m.now().Add(ttl)
	}
	if el, ok := m.items[key]; ok {
		el.Value = &memEntry{key, value, exp}
		m.ll.MoveToFront(el)
		return nil
	}
	m.items[key] = m.ll.PushFront(&memEntry{key, value, exp})
	for m.ll.Len() > m.max {
		old := m.ll.Back()
		m.ll.Remove(old)
		delete(m.items, old.Value.(*memEntry).key)
	}
	return nil
}

// Len is the number of entries held (expired ones included until touched).
func (m *MemoryStore) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.ll.Len()
}
