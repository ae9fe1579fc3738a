package rules

import (
	"strconv"
	"sync"
	"testing"
)

// TestFixCache checks that the cache answers what was just put, stays
// bounded however many words it is told, still remembers most of them when
// full, and is safe for concurrent use (run with -race).
func TestFixCache(t *testing.T) {
	c := newFixCache()
	if _, ok := c.get("invoce"); ok {
		t.Fatal("empty cache answered")
	}
	c.put("invoce", "invoice")
	if v, ok := c.get("invoce"); !ok || v != "invoice" {
		t.Fatalf("get(invoce) = %q, %v", v, ok)
	}
	c.put("willing", "")
	if v, ok := c.get("willing"); !ok || v != "" {
		t.Fatalf("get(willing) = %q, %v", v, ok)
	}
	if v, ok := c.get("invoce"); ok && v != "invoice" {
		t.Fatalf("get(invoce) = %q after another word", v)
	}
	for i := range 4 * maxFixCache {
		c.put("w"+strconv.Itoa(i), "")
	}
	held, right := 0, 0
	for i := range c.slots {
		if e := c.slots[i].Load(); e != nil {
			held++
			if v, ok := c.get(e.w); ok && v == e.fixed {
				right++
			}
		}
	}
	if held > maxFixCache || held < maxFixCache/2 || right != held {
		t.Fatalf("after %d words: %d held (bound %d), %d answered", 4*maxFixCache, held, maxFixCache, right)
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
