package rules

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSplitSentences: sentences end at ".", "!" or "?" before white space
// or the end, and at line breaks; decimals and codes stay whole.
func TestSplitSentences(t *testing.T) {
	got := splitSentences("Send 2.5 kg of INV-2.1 stuff. Is it paid?\nYes! ok")
	want := []string{"Send 2.5 kg of INV-2.1 stuff", "Is it paid", "Yes", "ok"}
	if !slices.Equal(got, want) {
		t.Errorf("splitSentences = %q, want %q", got, want)
	}
}

// TestLocalNegativeCues: a Local non-order cue counts in a sentence with
// a quantity, or when no item was read, and not otherwise; a cue without
// Local counts anywhere.
func TestLocalNegativeCues(t *testing.T) {
	ex := defaultExtractor(t)
	c := ex.cfg
	for _, tt := range []struct {
		text  string
		items bool
		want  float64
	}{
		{"Please send 3 x mugs. Invoice INV-7 is paid.", true, 0},
		{"Please send 3 x mugs. Invoice INV-7 is paid.", false, 5},
		{"Invoice INV-7 for 3 x mugs is paid.", true, 5},
		{"Please send 3 x mugs. Please find attached invoice INV-7.", true, 5},
	} {
		if got := c.negative(newText(tt.text), tt.items); got != tt.want {
			t.Errorf("negative(%q, items %v) = %v, want %v", tt.text, tt.items, got, tt.want)
		}
	}
}

// The scan splits exactly where the expression it replaced matches.
func TestSplitSentencesIsTheExpression(t *testing.T) {
	re := regexp.MustCompile(`[.!?]+(?:\s|$)|\n`)
	byRE := func(s string) []string {
		var out []string
		start := 0
		for _, m := range re.FindAllStringIndex(s, -1) {
			out = append(out, s[start:m[0]])
			start = m[1]
		}
		return append(out, s[start:])
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{".", "!", "?", " ", "\n", "\t", "\r", "\f", "\v", "a", "3", "é", "..", "?!"}
	cases := []string{"", ".", "a.", "a. b", "3.5 kg. Thanks!\nBye", "INV-2.1 ok", "wow!!! really?? yes", "end...", "a.\n\nb"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if got, want := splitSentences(s), byRE(s); !slices.Equal(got, want) {
			t.Fatalf("splitSentences(%q) = %q, the expression gives %q", s, got, want)
		}
	}
}
