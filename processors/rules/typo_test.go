package rules

import (
	"reflect"
	"testing"
)

func TestSpeller(t *testing.T) {
	sp := newSpeller(wordSet([]string{"delivery", "payment", "available", "invoice", "ship", "cancellation",
		"charges", "refund", "bill", "billing", "contract", "quote", "locked", "press"}))
	tests := []struct {
		in, want []string
	}{
		{[]string{"deliveyr"}, []string{"delivery"}},
		{[]string{"inovice", "please"}, []string{"invoice", "please"}},
		{[]string{"paymnet"}, []string{"payment"}},
		{[]string{"poayment"}, []string{"payment"}},
		// Short words are too easily another real word: not corrected.
		{[]string{"shpi"}, []string{"shpi"}},
		{[]string{"quite", "dress"}, []string{"quite", "dress"}},
		// Real English words are never "corrected" into a cue.
		{[]string{"willing", "contact", "looked"}, []string{"willing", "contact", "looked"}},
		// Words run together are not split.
		{[]string{"availablepayment"}, []string{"availablepayment"}},
		{[]string{"cancellationcharges"}, []string{"cancellationcharges"}},
		{[]string{"billinng", "contarct"}, []string{"billing", "contract"}},
		{[]string{"bil"}, []string{"bil"}},
		{[]string{"refunds"}, []string{"refunds"}},
		{[]string{"refnud"}, []string{"refund"}},
		{[]string{"unrelated", "42"}, []string{"unrelated", "42"}},
	}
	for _, tt := range tests {
		t.Run(tt.in[0], func(t *testing.T) {
			if got := correctAll(sp, tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("correct(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		a, b string
		want bool
	}{{"abc", "abd", true}, {"abc", "abcd", true}, {"abc", "ab", true}, {"abc", "abc", false}, {"abc", "bca", false}} {
		if got := editDistance1(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance1(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

// correctAll returns ws with each word the speller corrects replaced, as
// Router.text does.
func correctAll(sp *speller, ws []string) []string {
	out := append([]string{}, ws...)
	for i, w := range ws {
		if fixed := sp.fix(w); fixed != "" {
			out[i] = fixed
		}
	}
	return out
}

// TestDefaultSpellerKeepsEnglish checks that typo tolerance on the default
// rules leaves ordinary English alone: each of these words is one letter
// away from a cue ("willing"/billing, "contact"/contract, "looked"/locked,
// "looking"/looping, "rebook"/reboot) and was once "corrected" into it.
func TestDefaultSpellerKeepsEnglish(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	rt := NewRouter(r)
	if rt.speller == nil {
		t.Skip("typo tolerance is off for the default rules")
	}
	in := []string{"willing", "contact", "quite", "looked", "dress", "looking", "rebook", "sending", "checking",
		"planned", "shipping", "billing", "invoce", "acount"}
	want := []string{"willing", "contact", "quite", "looked", "dress", "looking", "rebook", "sending", "checking",
		"planned", "shipping", "billing", "invoice", "account"}
	if got := correctAll(rt.speller, in); !reflect.DeepEqual(got, want) {
		t.Errorf("correct(%q)\n = %q\nwant %q", in, got, want)
	}
}
