package catalog

import "testing"

func exampleCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load(example)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBest(t *testing.T) {
	c := exampleCatalog(t)
	for _, tc := range []struct {
		sku, product, want string
		min                float64
	}{
		{"hb 1kg", "", "HB-1KG", 1},        // SKU, case and dashes aside
		{"", "#CAR-GL-1L", "CAR-GL-1L", 1}, // a code written as the product
		{"", "Arabica House Blend (1 kg bags)", "HB-1KG", 0.8},
		{"", "decaf colombia", "DC-500", 0.9},        // alias
		{"", "white ceramic mugs", "MUG-WH-12", 0.9}, // plural folded
		{"", "paper cups 12oz", "CUP-12OZ-1000", 0.5},
	} {
		got := c.Best(tc.sku, tc.product)
		if got.Index < 0 || c.Entry(got.Index).SKU != tc.want || got.Score < tc.min || got.Score > 1 {
			t.Errorf("Best(%q, %q) = %+v, want %s with score >= %g", tc.sku, tc.product, got, tc.want, tc.min)
		}
	}
	if got := c.Best("", "garden gnome"); got.Index != -1 {
		t.Errorf("garden gnome matched %+v", got)
	}
	if got := c.Best("", "Arabica blend 250 g"); c.Entry(got.Index).SKU != "HB-250" {
		t.Errorf("the size word did not decide: %s", c.Entry(got.Index).SKU)
	}
}

func TestTopK(t *testing.T) {
	c := exampleCatalog(t)
	got := c.TopK("Hi, two cases of house blend and the caramel syrup please, plus 1 x LID-12-1000.", 3)
	if len(got) != 3 {
		t.Fatalf("TopK gave %d, want 3", len(got))
	}
	want := map[string]bool{"HB-1KG": true, "SYR-CAR-750": true, "LID-12-1000": true}
	for i, g := range got {
		if !want[c.Entry(g.Index).SKU] || g.Score <= 0 || g.Score > 1 || (i > 0 && g.Score > got[i-1].Score) {
			t.Errorf("TopK[%d] = %s %.2f; want the three named entries, best first", i, c.Entry(g.Index).SKU, g.Score)
		}
	}
	if got := c.TopK("nothing we sell", 5); len(got) != 0 {
		t.Errorf("TopK of unrelated text gave %d entries", len(got))
	}
}

func TestWords(t *testing.T) {
	got := Words("Boxes of 12 Lanterns, glasses & Batteries; glass")
	want := []string{"box", "of", "12", "lantern", "glass", "battery", "glass"}
	if len(got) != len(want) {
		t.Fatalf("Words = %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Words = %q, want %q", got, want)
		}
	}
}
