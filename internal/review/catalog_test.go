package review

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/triage/triage/processors/catalog"
)

// GET /catalog suggests the entries a text names, best first, with SKU
// and price; an empty query suggests nothing; without a catalog it is 404.
func TestCatalogSuggestions(t *testing.T) {
	c, err := catalog.Load("../demo/samples/catalog.csv")
	if err != nil {
		t.Fatal(err)
	}
	get := func(cat *catalog.Catalog, q string) (int, []hit) {
		s, err := New(Options{Board: NewBoard(), Queues: []string{"billing"}, Catalog: cat})
		if err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", "/catalog?q="+q, nil))
		var hs []hit
		if w.Code == http.StatusOK {
			if err := json.Unmarshal(w.Body.Bytes(), &hs); err != nil {
				t.Fatal(err)
			}
		}
		return w.Code, hs
	}
	code, hs := get(c, "house+blend+1+kg")
	if code != 200 || len(hs) == 0 || hs[0].SKU != "HB-1KG" || hs[0].UnitPrice == nil || *hs[0].UnitPrice != 18.5 || hs[0].Currency != "USD" {
		t.Errorf("house blend 1 kg: %d %+v", code, hs)
	}
	if code, hs := get(c, "HB-250"); code != 200 || len(hs) == 0 || hs[0].Name != "Arabica House Blend 250 g" {
		t.Errorf("by SKU: %d %+v", code, hs)
	}
	if code, hs := get(c, ""); code != 200 || len(hs) != 0 {
		t.Errorf("empty query: %d %+v", code, hs)
	}
	if code, _ := get(nil, "house"); code != http.StatusNotFound {
		t.Errorf("without a catalog: %d", code)
	}
}
