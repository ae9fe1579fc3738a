package rules

import (
	"slices"
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
