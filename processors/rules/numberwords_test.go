package rules

import "testing"

// TestNumberWordsAt: quantity phrases, compounds with multipliers, and
// the number words of the languages customers mix in.
func TestNumberWordsAt(t *testing.T) {
	c := defaultExtractor(t).cfg
	for in, want := range map[string]int{
		"half a dozen eggs": 6, "twenty-five chairs": 25, "two hundred cups": 200, "two dozen rolls": 24,
		"doce botellas": 12, "trois paquets": 3, "zwölf Flaschen": 12, "due date": 0, "chairs": 0,
	} {
		n, _, _ := c.numberWordsAt(c.lex(in), 0)
		if n != want {
			t.Errorf("numberWordsAt(%q) = %d, want %d", in, n, want)
		}
	}
}
