package rules

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
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

// BenchmarkRoute1KB routes records of about 1 KB (960 to 1024 bytes), each
// made of consecutive tickets of the routing sets, the subject of the first
// as its subject.
func BenchmarkRoute1KB(b *testing.B) {
	r, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	recs := records1KB(b, []string{"route_default", "route_holdout_b", "route_holdout_e", "route_holdout_f"}, nil)
	rt := NewRouter(r)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		c := recs[i%len(recs)]
		rt.Route(c[0], c[1])
	}
}

// BenchmarkExtract1KB extracts from records of about 1 KB, each made of the
// order lines of consecutive emails of the order sets (every email but the
// last cut at its sign-off, so the extractor reads the whole kilobyte).
func BenchmarkExtract1KB(b *testing.B) {
	r, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	stop := regexp.MustCompile(strings.Join(r.Extractor.StopLines, "|"))
	recs := records1KB(b, []string{"orders", "orders_batch3", "orders_batch4", "orders_batch5", "orders_holdout_f"}, stop)
	ex := NewExtractor(r)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		c := recs[i%len(recs)]
		ex.Extract(c[0], c[1])
	}
}

// records1KB joins the bodies of consecutive cases of the named sets into
// subject/body records of 960 to 1024 bytes, cut at a line break or space.
// A body's lines from the first one matching stop on are left out, except
// in the last body of a record.
func records1KB(tb testing.TB, sets []string, stop *regexp.Regexp) [][2]string {
	var bodies []string
	var subjects []string
	for _, s := range sets {
		cases, err := LoadCases[json.RawMessage]("testdata/" + s + ".jsonl")
		if err != nil {
			tb.Fatal(err)
		}
		for _, c := range cases {
			subjects, bodies = append(subjects, c.Subject), append(bodies, c.Body)
		}
	}
	cutAtStop := func(body string) string {
		lines := strings.Split(body, "\n")
		for i, l := range lines {
			if stop != nil && stop.MatchString(l) {
				return strings.Join(lines[:i], "\n")
			}
		}
		return body
	}
	var out [][2]string
	for start := 0; start < len(bodies); start += 7 {
		var b strings.Builder
		for i := start; b.Len() < 1024; i++ {
			body := bodies[i%len(bodies)]
			if b.Len()+len(body) < 1024 {
				body = cutAtStop(body)
			}
			b.WriteString(body)
			b.WriteString("\n\n")
		}
		rec := b.String()[:1024]
		if k := strings.LastIndexAny(rec, "\n "); k >= 960 {
			rec = rec[:k]
		}
		for len(rec) > 960 && !utf8.ValidString(rec) {
			rec = rec[:len(rec)-1]
		}
		out = append(out, [2]string{subjects[start], rec})
	}
	return out
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
