package processors

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Store keeps cached answers by key. Implementations must be safe for
// concurrent use; a shared backend (e.g. Redis, for replicas and restarts)
// implements the same two methods. Get reports a miss as (nil, false, nil).
type Store interface {
	Get(ctx context.Context, key string) ([]byte, bool, error)
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
}

// CacheKey is the key of an LLM answer: processor, prompt version, model
// and a hash of the normalised input (whitespace collapsed), so replays and
// redeliveries of the same text hit, and any prompt or model change misses.
func CacheKey(processor, promptVersion, model string, in Input) string {
	h := sha256.New()
	for _, s := range []string{processor, promptVersion, model, normalise(in.Subject), normalise(in.Body)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return processor + ":" + hex.EncodeToString(h.Sum(nil))
}

func normalise(s string) string { return strings.Join(strings.Fields(s), " ") }

// Cache serves answers of the wrapped (LLM) processor from store. Only
// answers with source llm are stored; a hit is returned with source cache,
// zero tokens and cost, and no call. Store errors are not fatal: the call
// goes through (onResult still reports the miss). key returns "" for inputs
// that must not be cached.
func Cache(store Store, ttl time.Duration, key func(Input) string, onResult func(hit bool)) Middleware {
	return func(next Processor) Processor {
		return Func(func(ctx context.Context, in Input) (Output, error) {
			k := key(in)
			if k == "" {
				return next.Process(ctx, in)
			}
			if data, ok, err := store.Get(ctx, k); err == nil && ok {
				if out, err := decodeOutput(data); err == nil {
					if onResult != nil {
						onResult(true)
					}
					out.Provenance.Source = SourceCache
					out.Provenance.LatencyMS, out.Provenance.PromptTokens, out.Provenance.CompletionTokens, out.Provenance.CostUSD = 0, 0, 0, 0
					return out, nil
				}
			}
			if onResult != nil {
				onResult(false)
			}
			out, err := next.Process(ctx, in)
			if err == nil && out.Provenance.Source == SourceLLM {
				if data, err := encodeOutput(out); err == nil {
					_ = store.Set(ctx, k, data, ttl)
				}
			}
			return out, err
		})
	}
}

type cachedOutput struct {
	Route      *Route     `json:"route,omitempty"`
	Order      *Order     `json:"order,omitempty"`
	Provenance Provenance `json:"provenance"`
}

func encodeOutput(o Output) ([]byte, error) {
	c := cachedOutput{Provenance: o.Provenance}
	switch d := o.Decision.(type) {
	case *Route:
		c.Route = d
	case *Order:
		c.Order = d
	default:
		return nil, fmt.Errorf("processors: cache: cannot store %T", o.Decision)
	}
	return json.Marshal(c)
}

func decodeOutput(data []byte) (Output, error) {
	var c cachedOutput
	if err := json.Unmarshal(data, &c); err != nil {
		return Output{}, err
	}
	switch {
	case c.Route != nil:
		return Output{Decision: c.Route, Provenance: c.Provenance}, nil
	case c.Order != nil:
		return Output{Decision: c.Order, Provenance: c.Provenance}, nil
	}
	return Output{}, fmt.Errorf("processors: cache: empty entry")
}

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
