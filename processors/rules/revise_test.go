package rules

import (
	"fmt"
	"strings"
	"testing"
)

// TestRevisions: a sender's struck-through lines and corrections, in
// voices of no labelled record: the struck line is never read; "make that
// N" and "N instead of M" change the item they mean, and only it; an
// ambiguous or unfitting correction changes nothing.
func TestRevisions(t *testing.T) {
	ex := defaultExtractor(t)
	for _, tt := range []struct{ name, body, want string }{
		{"struck line", "Please send:\n- 10 x tea towels\n- ~~4 x aprons~~ forget the aprons\n- 6 x oven gloves", "10 tea towels|6 oven gloves"},
		{"struck html", "Please send:\n- 3 x ~~blue~~ red mugs", "3 red mugs"},
		{"make that, not", "Please send 6 garden forks and 2 rakes. Make that 8 forks, not 6.", "8 garden forks|2 rakes"},
		{"make it, naming the goods", "Please send 6 garden forks and 2 rakes. Oh, make it 3 rakes.", "6 garden forks|3 rakes"},
		{"make that, the last item", "Please send 2 x doormats. Actually make that 4.", "4 doormats"},
		{"instead of, after the items", "Please send 3 x blue mugs and 2 x plates. Sorry, 5 mugs instead of 3.", "5 blue mugs|2 plates"},
		{"instead of, the only mention", "Please send 12 oak boards instead of 10 as we said.", "12 oak boards"},
		{"ambiguous", "Please send 4 x cups and 4 x saucers. Make that 6, not 4.", "4 cups|4 saucers"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o, _ := ex.Extract("order", tt.body)
			var got []string
			for _, it := range o.Items {
				got = append(got, fmt.Sprintf("%d %s", it.Quantity, it.Product))
			}
			if g := strings.Join(got, "|"); g != tt.want {
				t.Errorf("items %q, want %q", g, tt.want)
			}
		})
	}
}
