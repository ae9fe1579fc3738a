package rules

import (
	"strings"
	"testing"
	"time"
)

func BenchmarkRoute(b *testing.B) {
	r, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	cases, err := LoadCases[RouteGold]("testdata/route_default.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	rt := NewRouter(r)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		c := cases[i%len(cases)]
		rt.Route(c.Subject, c.Body)
	}
}

func BenchmarkExtract(b *testing.B) {
	cases, err := LoadCases[OrderGold]("testdata/orders.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	ex := defaultExtractor(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		c := cases[i%len(cases)]
		ex.Extract(c.Subject, c.Body)
	}
}

// megabyte repeats unit until the result is at least 1 MB.
func megabyte(unit string) string {
	return strings.Repeat(unit, (1<<20)/len(unit)+1)
}

// TestExtractLargeBody runs the engines on 1 MB bodies, with and without
// line breaks. It asserts no timing (it logs it), only that they finish with
// sane output.
func TestExtractLargeBody(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	ex, rt := NewExtractor(r), NewRouter(r)
	orderLines := "Please send:\n- 3 x Blue Widget (SKU BW-01) @ $4.00\n| BW-02 | Red Gadget | 5 | 7.50 |\n" +
		"Call +1 555 123 4567 on 2026-11-27 at 10:30. Total: $120. Our office is at 12 High Street.\n"
	bodies := map[string]string{
		"lines":      "We'd like to order the following.\n" + megabyte(orderLines),
		"one line":   "We'd like to order " + megabyte("3 x Blue Widget @ $4.00 and 2 pcs BW-01, "),
		"no items":   megabyte("where is my order #123 from 2026-11-27? "),
		"long words": megabyte("x"),
		"digits":     megabyte("1234567890 "),
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			o, conf := ex.Extract("Order", body)
			t.Logf("extract: %d items in %v", len(o.Items), time.Since(start))
			if conf < 0 || conf > 1 {
				t.Errorf("confidence %v", conf)
			}
			for _, it := range o.Items {
				if it.Quantity <= 0 || it.UnitPrice != nil && *it.UnitPrice < 0 || it.Product == "" && it.SKU == "" {
					t.Fatalf("bad item %+v", it)
				}
			}
			if name == "lines" || name == "one line" {
				if !o.IsOrder || len(o.Items) < 100 {
					t.Errorf("IsOrder %v with %d items", o.IsOrder, len(o.Items))
				}
			}
			start = time.Now()
			if q, c := rt.Route("", body); q.Queue == "" || c < 0 || c > 1 {
				t.Errorf("route %+v %v", q, c)
			}
			t.Logf("route: %v", time.Since(start))
		})
	}
}
