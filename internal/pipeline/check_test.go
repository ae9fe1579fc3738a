package pipeline

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/schemas"
)

var loadSchemas = sync.OnceValues(schemas.Load)

// sameCheck says whether check and the JSON-Schema validator agree on ev:
// both accept it, or both refuse it (json.Marshal failing counts as a
// refusal for both: the event could not be published either way).
func sameCheck(t testing.TB, schema string, ev CloudEvent) {
	t.Helper()
	sch, err := loadSchemas()
	if err != nil {
		t.Fatal(err)
	}
	value, merr := json.Marshal(ev)
	typed := check(schema, &ev)
	var valid error
	if merr == nil {
		valid = sch.ValidateJSON(schema, value)
	}
	if (merr == nil && typed == nil) != (merr == nil && valid == nil) {
		t.Fatalf("%s: check says %v, the JSON Schema says %v (marshal %v) for\n%s", schema, typed, valid, merr, value)
	}
}

func f64(v float64) *float64 { return &v }

func baseRouted() CloudEvent {
	return CloudEvent{SpecVersion: "1.0", ID: strings.Repeat("a1", 16), Source: "triage", Type: TypeRouted,
		Time: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC), Subject: "T-1", DataContentType: "application/json",
		DataSchema: schemas.URL(schemas.TicketRouted), Data: EventData{
			Decision:   &processors.Route{Queue: "billing", Matched: []string{"refund"}},
			Input:      InputRef{Topic: "in", Partition: 1, Offset: 2, ID: "T-1", Key: "k"},
			Processor:  ProcessorRef{"route", "v1"},
			Provenance: processors.Provenance{Source: "rules", EngineVersion: "rules-1", Confidence: f64(0.9)},
		}}
}

func baseOrder() CloudEvent {
	ev := baseRouted()
	ev.Type, ev.DataSchema = TypeOrder, schemas.URL(schemas.EmailOrder)
	ev.Data.Decision = &processors.Order{IsOrder: true, Currency: "EUR", OrderRef: "PO-1",
		Items: []processors.Item{{Product: "Beans", SKU: "HB-1", Quantity: 2, UnitPrice: f64(4.5)}}}
	ev.Data.Thread = &processors.Thread{MessageID: "<m@x>", InReplyTo: "<p@x>", References: []string{"<p@x>"}}
	ev.Data.Cleaning = &processors.Cleaning{OriginalChars: 10, CleanedChars: 5, QuotedChars: 5,
		Attachments: []processors.Attachment{{Name: "po.pdf", Type: "application/pdf", Size: 3}}}
	return ev
}

// edits change one thing of an event each, to a value on either side of
// one of the schemas' bounds, or of another type.
func edits() []func(*CloudEvent) {
	strs := []string{"", "x", "1.0", "application/json", "billing", strings.Repeat("a1", 16), strings.Repeat("A1", 16),
		strings.Repeat("a", 31), "\xff", TypeRouted, TypeOrder, schemas.URL(schemas.TicketRouted), schemas.URL(schemas.EmailOrder)}
	runes := func(r string, ns ...int) []string {
		var out []string
		for _, n := range ns {
			out = append(out, strings.Repeat(r, n))
		}
		return out
	}
	var es []func(*CloudEvent)
	for _, s := range strs {
		es = append(es, func(e *CloudEvent) { e.SpecVersion = s }, func(e *CloudEvent) { e.ID = s },
			func(e *CloudEvent) { e.Source = s }, func(e *CloudEvent) { e.Type = s }, func(e *CloudEvent) { e.Subject = s },
			func(e *CloudEvent) { e.DataContentType = s }, func(e *CloudEvent) { e.DataSchema = s },
			func(e *CloudEvent) { e.Supersedes = s }, func(e *CloudEvent) { e.Replay = s },
			func(e *CloudEvent) { e.Data.Input.Topic = s }, func(e *CloudEvent) { e.Data.Input.ID = s },
			func(e *CloudEvent) { e.Data.Input.Key = s }, func(e *CloudEvent) { e.Data.Processor.Name = s },
			func(e *CloudEvent) { e.Data.Processor.Version = s }, func(e *CloudEvent) { e.Data.Provenance.EngineVersion = s },
			func(e *CloudEvent) { e.Data.Provenance.Model = s })
	}
	for _, s := range []string{"", "rules", "llm", "cache", "human", "x", "breaker_open", "timeout", "rate_limited", "upstream_error",
		"invalid_output", "low_confidence", "budget_exceeded", "llm_disabled", "panic"} {
		es = append(es, func(e *CloudEvent) { e.Data.Provenance.Source = s }, func(e *CloudEvent) { e.Data.Provenance.FallbackReason = s })
	}
	for _, f := range []float64{-1, -0.001, 0, 0.5, 1, 1.001, math.NaN(), math.Inf(1)} {
		es = append(es, func(e *CloudEvent) { e.Data.Provenance.Confidence = f64(f) }, func(e *CloudEvent) { e.Data.Provenance.LatencyMS = f },
			func(e *CloudEvent) { e.Data.Provenance.CostUSD = f }, func(e *CloudEvent) { e.Data.Provenance.PromptTokens = int(f) - 1 },
			func(e *CloudEvent) { e.Data.Provenance.CompletionTokens = int(f) - 1 })
	}
	for _, r := range []*ReviewFlag{nil, {Required: true, Reasons: []string{ReasonLowConfidence}}, {Required: false, Reasons: []string{ReasonLLMFallback}},
		{Required: true}, {Required: true, Reasons: []string{}}, {Required: true, Reasons: []string{"x"}},
		{Required: true, Reasons: []string{ReasonAnswerRejected, ReasonAnswerRejected}}, {Required: true, Reasons: []string{ReasonUnknownProduct, ReasonLowConfidence, ReasonLLMFallback}}} {
		es = append(es, func(e *CloudEvent) { e.Data.Review = r })
	}
	for _, n := range []int{-1, 0, 1} {
		es = append(es, func(e *CloudEvent) { e.Data.Input.Partition = n }, func(e *CloudEvent) { e.Data.Input.Offset = int64(n) })
	}
	es = append(es, func(e *CloudEvent) { e.Data.Provenance.Confidence = nil }, func(e *CloudEvent) { e.Time = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) },
		func(e *CloudEvent) { ts := time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC); e.Data.Input.Timestamp = &ts })
	for _, q := range append(runes("é", 0, 1, 64, 65), "\xff", strings.Repeat("\xff", 65)) {
		es = append(es, func(e *CloudEvent) { e.Data.Decision = &processors.Route{Queue: q} })
	}
	es = append(es, func(e *CloudEvent) { e.Data.Decision = nil }, func(e *CloudEvent) { e.Data.Decision = processors.Route{Queue: "q"} },
		func(e *CloudEvent) { e.Data.Decision = (*processors.Route)(nil) }, func(e *CloudEvent) { e.Data.Decision = processors.Order{Items: []processors.Item{}} },
		func(e *CloudEvent) { e.Data.Decision = (*processors.Order)(nil) }, func(e *CloudEvent) { e.Data.Decision = "billing" },
		func(e *CloudEvent) { e.Data.Decision = &processors.Route{Queue: "q", Matched: []string{}} },
		func(e *CloudEvent) { e.Data.Thread = nil }, func(e *CloudEvent) { e.Data.Cleaning = nil },
		func(e *CloudEvent) { e.Data.Thread = &processors.Thread{MessageID: "m"} }, func(e *CloudEvent) { e.Data.Cleaning = &processors.Cleaning{} })
	order := func(edit func(o *processors.Order)) func(*CloudEvent) {
		return func(e *CloudEvent) {
			o := &processors.Order{IsOrder: true, Items: []processors.Item{{SKU: "S", Quantity: 1}}}
			edit(o)
			e.Data.Decision = o
		}
	}
	items := func(n int) []processors.Item { return make([]processors.Item, n) }
	for _, n := range []int{0, 1, 200, 201} {
		es = append(es, order(func(o *processors.Order) {
			o.Items = items(n)
			for i := range o.Items {
				o.Items[i] = processors.Item{SKU: "S", Quantity: 1}
			}
		}), order(func(o *processors.Order) { o.IsOrder, o.Items = false, items(n) }))
	}
	es = append(es, order(func(o *processors.Order) { o.Items = nil }), order(func(o *processors.Order) { o.IsOrder, o.Items = false, nil }),
		order(func(o *processors.Order) { o.IsOrder = false }))
	for _, s := range append(runes("ü", 128, 129), "", "EUR", "eur", "EU", "EURO", "E1R", "ÉUR") {
		es = append(es, order(func(o *processors.Order) { o.OrderRef = s }), order(func(o *processors.Order) { o.Currency = s }))
	}
	for _, tt := range []struct {
		trunc bool
		total int
	}{{true, 0}, {false, 201}, {true, 200}, {true, 201}, {false, -1}, {true, -5}} {
		es = append(es, order(func(o *processors.Order) { o.Truncated, o.ItemsTotal = tt.trunc, tt.total }))
	}
	for _, s := range []string{"model:0.97", "model:1.00", "model:0.9", "model:2.00", "model:0.9x", "modl:0.97", "x"} {
		es = append(es, order(func(o *processors.Order) { o.DeclinedBy = s }),
			order(func(o *processors.Order) { o.IsOrder, o.Items, o.DeclinedBy = false, []processors.Item{}, s }))
	}
	for _, it := range []processors.Item{{Quantity: 1}, {Product: "p", Quantity: 0}, {SKU: "s", Quantity: -1},
		{Product: strings.Repeat("p", 256), Quantity: 1}, {Product: strings.Repeat("p", 257), Quantity: 1},
		{SKU: strings.Repeat("s", 64), Quantity: 1}, {SKU: strings.Repeat("s", 65), Quantity: 1},
		{SKU: "s", Quantity: 1, UnitPrice: f64(-1)}, {SKU: "s", Quantity: 1, UnitPrice: f64(0)}, {SKU: "s", Quantity: 1, UnitPrice: f64(math.NaN())},
		{SKU: "s", Quantity: 1, Origin: processors.OriginQuoted}, {SKU: "s", Quantity: 1, Origin: "new"}, {SKU: "s", Quantity: 1, Origin: "Quoted"},
		{SKU: "s", Quantity: 1, Unknown: true}, {SKU: "s", Quantity: 1, PriceFrom: processors.PriceFromCatalog, UnitPrice: f64(2)}, {SKU: "s", Quantity: 1, PriceFrom: "email"},
		{SKU: "s", Quantity: 1, Catalog: &processors.CatalogMatch{SKU: "S-1", Name: "Lantern", Score: 1}}, {SKU: "s", Quantity: 1, Catalog: &processors.CatalogMatch{SKU: "S-1", Name: "Lantern", Score: 1.01}},
		{SKU: "s", Quantity: 1, Catalog: &processors.CatalogMatch{SKU: "S-1", Name: "Lantern", Score: -0.1}}, {SKU: "s", Quantity: 1, Catalog: &processors.CatalogMatch{SKU: "", Name: "Lantern", Score: 0.5}},
		{SKU: "s", Quantity: 1, Catalog: &processors.CatalogMatch{SKU: strings.Repeat("k", 65), Name: "Lantern", Score: 0.5}}, {SKU: "s", Quantity: 1, Catalog: &processors.CatalogMatch{SKU: "k", Name: "", Score: 0.5}},
		{SKU: "s", Quantity: 1, Catalog: &processors.CatalogMatch{SKU: "k", Name: strings.Repeat("n", 257), Score: 0.5}}, {SKU: "s", Quantity: 1, Catalog: &processors.CatalogMatch{SKU: "k", Name: "n", Score: math.NaN()}}} {
		es = append(es, order(func(o *processors.Order) { o.Items = []processors.Item{it} }))
	}
	thread := func(edit func(t *processors.Thread)) func(*CloudEvent) {
		return func(e *CloudEvent) { t := processors.Thread{MessageID: "<m@x>"}; edit(&t); e.Data.Thread = &t }
	}
	for _, s := range runes("ß", 0, 1, 998, 999) {
		es = append(es, thread(func(t *processors.Thread) { t.MessageID = s }), thread(func(t *processors.Thread) { t.InReplyTo = s }),
			thread(func(t *processors.Thread) { t.References = []string{s} }))
	}
	for _, n := range []int{0, 100, 101} {
		es = append(es, thread(func(t *processors.Thread) { t.References = strings.Split(strings.Repeat("r,", n), ",")[:n] }),
			func(e *CloudEvent) {
				as := make([]processors.Attachment, n)
				for i := range as {
					as[i].Type = "t"
				}
				e.Data.Cleaning = &processors.Cleaning{Attachments: as}
			})
	}
	cleaning := func(edit func(c *processors.Cleaning)) func(*CloudEvent) {
		return func(e *CloudEvent) { c := processors.Cleaning{}; edit(&c); e.Data.Cleaning = &c }
	}
	es = append(es, cleaning(func(c *processors.Cleaning) { c.OriginalChars = -1 }), cleaning(func(c *processors.Cleaning) { c.CleanedChars = -1 }),
		cleaning(func(c *processors.Cleaning) { c.QuotedChars = -1 }))
	for _, a := range []processors.Attachment{{Type: "t"}, {Type: ""}, {Type: strings.Repeat("t", 127)}, {Type: strings.Repeat("t", 128)},
		{Type: "t", Size: -1}, {Type: "t", Name: strings.Repeat("n", 1024)}, {Type: "t", Name: strings.Repeat("n", 1025)}} {
		es = append(es, cleaning(func(c *processors.Cleaning) { c.Attachments = []processors.Attachment{a} }))
	}
	return es
}

// TestCheckMatchesSchema: check accepts and refuses exactly the events the
// JSON-Schema validator does, for every single edit of a valid routed
// ticket and order event, and 3,000 random combinations of three.
func TestCheckMatchesSchema(t *testing.T) {
	es := edits()
	for _, tt := range []struct {
		schema string
		base   func() CloudEvent
	}{{schemas.TicketRouted, baseRouted}, {schemas.EmailOrder, baseOrder}} {
		ev := tt.base()
		if err := check(tt.schema, &ev); err != nil {
			t.Fatalf("%s: base event: %v", tt.schema, err)
		}
		for _, e := range es {
			ev := tt.base()
			e(&ev)
			sameCheck(t, tt.schema, ev)
		}
		r := rand.New(rand.NewPCG(10, 3))
		for range 3000 {
			ev := tt.base()
			for range 3 {
				es[r.IntN(len(es))](&ev)
			}
			sameCheck(t, tt.schema, ev)
		}
	}
	t.Logf("%d edits", len(es))
}

// FuzzCheckMatchesSchema keeps comparing check with the validator on
// decisions and provenance the fuzzer makes up.
func FuzzCheckMatchesSchema(f *testing.F) {
	f.Add("billing", "rules", "", 0.9, true, "EUR", "Beans", "HB-1", 2, 4.5, false, 0)
	f.Add("", "llm", "timeout", 1.5, false, "eur", "", "", 0, -1.0, true, 200)
	f.Fuzz(func(t *testing.T, queue, source, reason string, conf float64, isOrder bool, cur, product, sku string, qty int, price float64, trunc bool, total int) {
		ev := baseRouted()
		ev.Data.Decision = &processors.Route{Queue: queue}
		ev.Data.Provenance.Source, ev.Data.Provenance.FallbackReason, ev.Data.Provenance.Confidence = source, reason, &conf
		sameCheck(t, schemas.TicketRouted, ev)
		ev = baseOrder()
		ev.Data.Decision = &processors.Order{IsOrder: isOrder, Currency: cur, Truncated: trunc, ItemsTotal: total,
			Items: []processors.Item{{Product: product, SKU: sku, Quantity: qty, UnitPrice: &price}}}
		ev.Data.Thread.InReplyTo = queue
		sameCheck(t, schemas.EmailOrder, ev)
	})
}
