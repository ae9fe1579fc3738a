package rules

import (
	"fmt"
	"testing"
)

// TestWordTableIsTheMap: the table answers every word of the default
// router's lexicon with its number, and words it lacks (near misses,
// the empty word, many others) with none.
func TestWordTableIsTheMap(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	ids := NewRouter(r).signals.terms.lex.ids
	tab := newWordTable(ids)
	for w, id := range ids {
		if got, ok := tab.get(w); !ok || got != id {
			t.Fatalf("get(%q) = %d, %v; want %d", w, got, ok, id)
		}
		if _, ok := ids[w+"x"]; !ok {
			if got, ok := tab.get(w + "x"); ok {
				t.Fatalf("get(%q) = %d for a word the lexicon lacks", w+"x", got)
			}
		}
	}
	for i := range 10000 {
		w := fmt.Sprint("zz", i)
		if _, ok := tab.get(w); ok {
			t.Fatalf("get(%q) found a word the lexicon lacks", w)
		}
	}
	if _, ok := tab.get(""); ok {
		t.Fatal("get(\"\") found a word")
	}
	if empty := newWordTable(nil); empty != nil {
		if _, ok := empty.get("refund"); ok {
			t.Fatal("an empty table found a word")
		}
	}
}
