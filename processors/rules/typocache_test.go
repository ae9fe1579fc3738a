package rules

import (
	"strconv"
	"sync"
	"testing"
)

// TestFixCache checks that the cache answers what was put, forgets all when
// it is full (so it stays bounded), and is safe for concurrent use (run
// with -race).
func TestFixCache(t *testing.T) {
	var c fixCache
	if _, ok := c.get("invoce"); ok {
		t.Fatal("empty cache answered")
	}
	c.put("invoce", "invoice")
	c.put("willing", "")
	if v, ok := c.get("invoce"); !ok || v != "invoice" {
		t.Fatalf("get(invoce) = %q, %v", v, ok)
	}
	if v, ok := c.get("willing"); !ok || v != "" {
		t.Fatalf("get(willing) = %q, %v", v, ok)
	}
	for i := range maxFixCache {
		c.put("w"+strconv.Itoa(i), "")
	}
	if _, ok := c.get("invoce"); ok {
		t.Fatal("a full cache kept its oldest entries")
	}
	n := 0
	c.m.Range(func(any, any) bool { n++; return true })
	if n > maxFixCache {
		t.Fatalf("%d entries, bound %d", n, maxFixCache)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 3000 {
				w := strconv.Itoa(g*10000 + i)
				c.put(w, w)
				if v, ok := c.get(w); ok && v != w {
					t.Errorf("get(%s) = %s", w, v)
				}
			}
		}()
	}
	wg.Wait()
}

// TestSpellerCacheSameAnswers checks that asking twice (the second answer
// from the cache) gives the first answer.
func TestSpellerCacheSameAnswers(t *testing.T) {
	sp := newSpeller(wordSet([]string{"invoice", "payment", "refund", "billing"}))
	for _, w := range []string{"invoce", "paymnet", "refnud", "willing", "billinng", "zzzzzzzz", "refund", "inv"} {
		if first, second := sp.fix(w), sp.fix(w); first != second {
			t.Errorf("fix(%q) = %q then %q", w, first, second)
		}
	}
}
