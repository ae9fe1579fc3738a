package rules

import (
	"strings"
	"testing"
)

// TestRecordRoleIsTheExpression compares recordRole, which looks the key
// up before running keyValue, with keyValue alone, on every labelled line
// and lines with odd keys, under each shipped rules file.
func TestRecordRoleIsTheExpression(t *testing.T) {
	lines := []string{"Qty: 5", "  Qty :  5", " : x", "Qty: ", "Qty:5", "\tSKU\t: A-1", "Item no.: 5", "Unit price: $4: each",
		"A very long key that has more than thirty runes: 5", "Menge: 3", "qté : 4", "Qty:: 5", "\u00a0Qty: 2"}
	for _, in := range goldenInputs(t) {
		lines = append(lines, strings.Split(in.Body, "\n")...)
	}
	roles := 0
	for _, rf := range goldenRules {
		r, err := Load(rf)
		if err != nil {
			t.Fatal(err)
		}
		c := NewExtractor(r).cfg
		for _, l := range lines {
			gr, gv := c.recordRole(l)
			wr, wv := c.keyValueRole(l)
			if gr != wr || gv != wv {
				t.Fatalf("%s: recordRole(%q) = %v %q, keyValue gives %v %q", rf, l, gr, gv, wr, wv)
			}
			if gr != roleNone {
				roles++
			}
		}
	}
	if roles < 10 {
		t.Errorf("only %d lines have a role", roles)
	}
}
