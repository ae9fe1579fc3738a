package model

import (
	"slices"
	"testing"
)

func TestTokens(t *testing.T) {
	got := tokens("Order #12345: DON'T ship, Café-bar\n2x")
	want := []string{"order", "0", "dont", "ship", "café", "bar", "0"}
	if !slices.Equal(got, want) {
		t.Errorf("tokens = %q, want %q", got, want)
	}
}

func TestExtract(t *testing.T) {
	f := Features{WordNgrams: 2, CharMin: 3, CharMax: 4, CharWeight: 0.5}
	bag := asMap(f.Extract("Refund", "refund now"))
	for feat, want := range map[string]float64{
		"w:refund": 2, "w:now": 1, "b:refund refund": 1, "b:refund now": 1,
		"c: re": 1, "c:fund": 1, "c:nd ": 1, "c: now": 0.5,
	} {
		if bag[feat] != want {
			t.Errorf("%q = %v, want %v (bag %v)", feat, bag[feat], want, bag)
		}
	}
	if _, ok := asMap((Features{WordNgrams: 1}).Extract("", "refund now"))["b:refund now"]; ok {
		t.Error("WordNgrams 1 counted a pair")
	}
	if len((Features{WordNgrams: 1}).Extract("", "refund now")) != 2 {
		t.Error("CharMax 0 counted character n-grams")
	}
	if _, ok := asMap(f.Extract("", "order 123"))["c: 0 "]; ok {
		t.Error("a number gave character n-grams")
	}
}

// TestMisspeltWordSharesEvidence: character n-grams are why a typo still
// reads like the word.
func TestMisspeltWordSharesEvidence(t *testing.T) {
	right, typo := asMap(DefaultFeatures.Extract("", "refund")), asMap(DefaultFeatures.Extract("", "refnd"))
	shared := 0
	for k := range typo {
		if _, ok := right[k]; ok {
			shared++
		}
	}
	if shared < 3 {
		t.Errorf("refnd shares %d features with refund, want >= 3", shared)
	}
}

func asMap(fs []Feature) map[string]float64 {
	m := map[string]float64{}
	for _, f := range fs {
		if _, dup := m[f.Name]; dup {
			panic("feature listed twice: " + f.Name)
		}
		m[f.Name] = f.Weight
	}
	return m
}

func TestExtractOrderIsFirstOccurrence(t *testing.T) {
	got := (Features{WordNgrams: 1}).Extract("b a", "b c")
	want := []Feature{{"w:b", 2}, {"w:a", 1}, {"w:c", 1}}
	if !slices.Equal(got, want) {
		t.Errorf("Extract = %v, want %v", got, want)
	}
}

// tokens is the words the prediction path and Extract read from s.
func tokens(s string) []string {
	var sc scan
	sc.words(s)
	var out []string
	start := 0
	for _, end := range sc.ends {
		out = append(out, string(sc.buf[start:end]))
		start = end
	}
	return out
}
