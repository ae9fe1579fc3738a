package rules

import (
	"reflect"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Hello, World!", []string{"hello", "world"}},
		{"I can't log-in", []string{"i", "can't", "log", "in"}},
		{"I’d like ÜBER-Größe", []string{"i'd", "like", "über", "größe"}},
		{"'quoted' x3", []string{"quoted", "x3"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := words(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPhraseSet(t *testing.T) {
	p := newPhraseSet()
	for _, term := range []string{"refund*", "charged twice", "log in", "e-mail"} {
		if _, err := p.add(term); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.add("re*"); err == nil {
		t.Error("short prefix term accepted")
	}
	tests := []struct {
		in   string
		want []int
	}{
		{"I want a REFUND please", []int{0}},
		{"they refunded me", []int{0}},
		{"I was charged twice", []int{1}},
		{"charged, twice", []int{1}},
		{"cannot log-in; e mail broken", []int{2, 3}},
		{"logging in", nil},
		{"prefund", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got []int
			p.match(words(tt.in), func(id, _ int) { got = append(got, id) })
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("match(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
