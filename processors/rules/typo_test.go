package rules

import (
	"reflect"
	"testing"
)

func TestSpeller(t *testing.T) {
	sp := newSpeller(wordSet([]string{"delivery", "payment", "available", "invoice", "ship", "cancellation",
		"charges", "refund", "bill"}))
	tests := []struct {
		in, want []string
	}{
		{[]string{"deliveyr"}, []string{"delivery"}},
		{[]string{"inovice", "please"}, []string{"invoice", "please"}},
		{[]string{"paymnet"}, []string{"payment"}},
		{[]string{"poayment"}, []string{"payment"}},
		{[]string{"shpi"}, []string{"ship"}},
		{[]string{"availablepayment"}, []string{"available", "payment"}},
		{[]string{"cancellationcharges"}, []string{"cancellation", "charges"}},
		{[]string{"bil"}, []string{"bil"}},
		{[]string{"refunds"}, []string{"refunds"}},
		{[]string{"refnud"}, []string{"refund"}},
		{[]string{"unrelated", "42"}, []string{"unrelated", "42"}},
	}
	for _, tt := range tests {
		t.Run(tt.in[0], func(t *testing.T) {
			if got := sp.correct(tt.in); !reflect.DeepEqual(got, tt.want) {
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
