package processors

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// results counts the lookups and store errors a Cache reports.
type results struct {
	mu     sync.Mutex
	counts map[string]int
}

func (r *results) options(key func(Input) string, check func(Input, Output) (Output, error)) CacheOptions {
	r.counts = map[string]int{}
	add := func(k string) { r.mu.Lock(); r.counts[k]++; r.mu.Unlock() }
	return CacheOptions{TTL: time.Hour, Key: key, Check: check,
		OnResult: add, OnError: func(op string, err error) { add("error:" + op) }}
}

func (r *results) get(k string) int { r.mu.Lock(); defer r.mu.Unlock(); return r.counts[k] }

func routeKey(in Input) string { return CacheKey("route", []string{"p1", "m"}, in) }

func TestCacheHitCostsNoCall(t *testing.T) {
	f := &llmFake{mode: "ok"}
	store := NewMemoryStore(10)
	var r results
	p := Chain(f, Cache(store, r.options(routeKey, nil)))
	in := Input{Subject: "Charged  twice", Body: "please\nrefund"}
	first, _ := p.Process(context.Background(), in)
	again, _ := p.Process(context.Background(), Input{Subject: "Charged twice", Body: "please refund "})
	if f.n() != 1 || r.get(CacheHit) != 1 || r.get(CacheMiss) != 1 {
		t.Fatalf("calls %d results %v", f.n(), r.counts)
	}
	if first.Provenance.Source != SourceLLM || again.Provenance.Source != SourceCache || again.Provenance.CostUSD != 0 || again.Decision.(*Route).Queue != "billing" {
		t.Fatalf("first %+v again %+v", first.Provenance, again.Provenance)
	}
	f.set("fail")
	_, _ = p.Process(context.Background(), Input{Subject: "new"})
	if store.Len() != 1 {
		t.Errorf("failed answer cached: %d entries", store.Len())
	}
}

// Every part of the contract changes the key (issue 9: the key ignored the
// queue set and the rules version), and the parts cannot run into each
// other.
func TestCacheKeyCoversTheContract(t *testing.T) {
	in := Input{Subject: "s", Body: "b"}
	base := []string{"prompt=p1", "model=m", "schema=abc", "queues=billing\x1fother", "fallback=other", "rules=r1"}
	seen := map[string]int{CacheKey("route", base, in): -1}
	for i := range base {
		changed := append([]string(nil), base...)
		changed[i] += "x"
		k := CacheKey("route", changed, in)
		if j, dup := seen[k]; dup {
			t.Errorf("changing part %d gives the key of %d", i, j)
		}
		seen[k] = i
	}
	if CacheKey("route", []string{"ab", "c"}, in) == CacheKey("route", []string{"a", "bc"}, in) {
		t.Error("parts run into each other")
	}
	if CacheKey("route", base, in) == CacheKey("extract", base, in) || !strings.HasPrefix(CacheKey("route", base, in), "route:") {
		t.Error("processor not in the key")
	}
}

// The quoted context is part of the input: the same reply below another
// offer is another prompt.
func TestCacheKeyCoversTheQuotedContext(t *testing.T) {
	in := Input{Subject: "Re: offer", Body: "yes, both please"}
	a, b := in, in
	a.Quoted, b.Quoted = "2 x Lantern 9.50", "2 x Kettle 30.00"
	if CacheKey("extract", nil, in) == CacheKey("extract", nil, a) || CacheKey("extract", nil, a) == CacheKey("extract", nil, b) {
		t.Error("the quoted context is not in the key")
	}
	b.Quoted = " 2 x Lantern\n9.50 "
	if CacheKey("extract", nil, a) != CacheKey("extract", nil, b) {
		t.Error("white space in the quoted context changes the key")
	}
}

// A hit that fails Check is a miss, counted as invalid, never served; the
// fresh answer replaces the entry.
func TestCacheInvalidHitIsAMiss(t *testing.T) {
	f := &llmFake{mode: "ok"}
	store := NewMemoryStore(10)
	in := Input{Subject: "Charged twice"}
	stale := `{"route":{"queue":"vip-lane"},"provenance":{"source":"llm","engine_version":"v"},"answer":"{\"queue\":\"vip-lane\"}"}`
	_ = store.Set(context.Background(), routeKey(in), []byte(stale), 0)
	var checked []string
	check := func(_ Input, hit Output) (Output, error) {
		if hit.Exchange != nil {
			checked = append(checked, hit.Exchange.Response)
		}
		if q := hit.Decision.(*Route).Queue; q != "billing" {
			return Output{}, errors.New("queue " + q + " is not configured")
		}
		return hit, nil
	}
	var r results
	p := Chain(f, Cache(store, r.options(routeKey, check)))
	out, err := p.Process(context.Background(), in)
	if err != nil || out.Provenance.Source != SourceLLM || out.Decision.(*Route).Queue != "billing" {
		t.Fatalf("served %+v %v, want a fresh llm answer", out, err)
	}
	if f.n() != 1 || r.get(CacheInvalid) != 1 || r.get(CacheHit) != 0 || len(checked) != 1 || checked[0] != `{"queue":"vip-lane"}` {
		t.Fatalf("calls %d results %v checked %q", f.n(), r.counts, checked)
	}
	if out, _ := p.Process(context.Background(), in); out.Provenance.Source != SourceCache || r.get(CacheHit) != 1 {
		t.Errorf("the fresh answer did not replace the entry: %+v %v", out.Provenance, r.counts)
	}
	_ = store.Set(context.Background(), routeKey(in), []byte("{not json"), 0)
	if out, _ := p.Process(context.Background(), in); out.Provenance.Source != SourceLLM || r.get(CacheInvalid) != 2 {
		t.Errorf("a corrupt entry: %+v %v", out.Provenance, r.counts)
	}
}

// brokenStore fails every operation.
type brokenStore struct{}

func (brokenStore) Get(context.Context, string) ([]byte, bool, error) {
	return nil, false, errors.New("connection refused")
}
func (brokenStore) Set(context.Context, string, []byte, time.Duration) error {
	return errors.New("connection refused")
}

// Store errors are reported, not swallowed, and cost only the cache: a
// failed get falls through to the wrapped processor.
func TestCacheStoreErrorsAreReported(t *testing.T) {
	f := &llmFake{mode: "ok"}
	var r results
	p := Chain(f, Cache(brokenStore{}, r.options(routeKey, nil)))
	out, err := p.Process(context.Background(), Input{Subject: "x"})
	if err != nil || out.Provenance.Source != SourceLLM || f.n() != 1 {
		t.Fatalf("out %+v err %v calls %d", out.Provenance, err, f.n())
	}
	if r.get("error:"+CacheGet) != 1 || r.get("error:"+CacheSet) != 1 || r.get(CacheMiss) != 1 {
		t.Fatalf("results %v, want one get error, one set error, one miss", r.counts)
	}
}
