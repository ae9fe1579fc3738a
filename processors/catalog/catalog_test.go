package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// example is the sample catalog the demo ships.
const example = "../../internal/demo/samples/catalog.csv"

func write(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadExample(t *testing.T) {
	c, err := Load(example)
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() < 10 || !strings.HasPrefix(c.Version(), "cat-") {
		t.Fatalf("%d entries, version %q", c.Len(), c.Version())
	}
	e := c.Entry(0)
	if e.SKU != "HB-1KG" || e.UnitPrice == nil || *e.UnitPrice != 18.5 || e.Currency != "USD" || len(e.Aliases) != 2 {
		t.Fatalf("first entry %+v", e)
	}
}

func TestLoadJSONLAndVersion(t *testing.T) {
	a := write(t, "a.jsonl", `{"sku":"A-1","name":"Lantern","aliases":["storm lantern"],"unit_price":12,"currency":"EUR"}`+"\n"+`{"sku":"B-2","name":"Wick"}`+"\n")
	b := write(t, "b.jsonl", `{"sku":"A-1","name":"Lantern","unit_price":13,"currency":"EUR"}`+"\n")
	ca, err := Load(a)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := Load(b)
	if err != nil {
		t.Fatal(err)
	}
	if ca.Len() != 2 || ca.Version() == cb.Version() {
		t.Fatalf("len %d, versions %s %s: want 2 entries and versions that differ with the content", ca.Len(), ca.Version(), cb.Version())
	}
}

// TestLoadIsStrict: every malformed catalog fails naming the line and
// the field.
func TestLoadIsStrict(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"c.csv", "sku,name,colour\nA,B,red\n", `line 1: unknown column "colour"`},
		{"c.csv", "name\nB\n", `header lacks column "sku"`},
		{"c.csv", "sku,name\n,Lantern\n", "line 2: field sku"},
		{"c.csv", "sku,name\nA-1,\n", "line 2: field name"},
		{"c.csv", "sku,name,unit_price,currency\nA-1,Lantern,12,EUR\nA-1,Wick,1,EUR\n", `line 3: field sku: "A-1" already on line 2`},
		{"c.csv", "sku,name,unit_price,currency\nA-1,Lantern,twelve,EUR\n", "line 2: field unit_price"},
		{"c.csv", "sku,name,unit_price,currency\nA-1,Lantern,-1,EUR\n", "line 2: field unit_price"},
		{"c.csv", "sku,name,unit_price,currency\nA-1,Lantern,12,\n", "line 2: field currency"},
		{"c.csv", "sku,name,unit_price,currency\nA-1,Lantern,12,eur\n", "line 2: field currency"},
		{"c.csv", "sku,name,aliases\nA-1,Lantern,a||b\n", "line 2: field aliases"},
		{"c.csv", "sku,name\nA-1,Lantern,extra\n", "line 2"},
		{"c.csv", "sku,name\n", "no entries"},
		{"c.jsonl", `{"sku":"A-1","name":"Lantern"}` + "\n" + `{"sku":"A-2","nme":"Wick"}` + "\n", `line 2: json: unknown field "nme"`},
		{"c.jsonl", `{"sku":"A-1","name":"Lantern","unit_price":"12"}` + "\n", "line 1"},
		{"c.jsonl", `{"sku":"` + strings.Repeat("k", 65) + `","name":"Lantern"}` + "\n", "line 1: field sku"},
		{"c.txt", "x", "want a .csv or .jsonl file"},
	} {
		_, err := Load(write(t, tc.name, tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to contain %q", tc.body, err, tc.want)
		}
	}
	if _, err := Load(filepath.Join(t.TempDir(), "none.csv")); err == nil {
		t.Error("a missing file loaded")
	}
}
