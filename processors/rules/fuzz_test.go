package rules

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/triage/triage/schemas"
)

// fuzzSeeds are subject/body pairs of the shapes the rules read: tickets,
// orders as prose, tables, CSV and lists, and hostile text.
var fuzzSeeds = [][2]string{
	{"", ""},
	{"Charged twice", "My card was charged twice this month, please refund the duplicate payment."},
	{"Cannot log in", "I forgot my password and the reset link does not arrive."},
	{"Order", "Please send 3 x BlueWidget (BW-01) at $4.00 each.\nThanks,\nJane"},
	{"PO 4711", "SKU        Qty   Price\nBW-01      3     4.00 EUR\nRG-2       10    1,50 EUR"},
	{"Bestellung", "Hiermit bestelle ich:\n- 2 Stück Rotes Gerät à 12,50 €\n- 1 Kabel"},
	{"", "sku,qty,price\nA-1,2,3.5\nB-2,0,1\nC-3,-4,9e99"},
	{"For this week", "carrots 10 kg\nonions 15 kg\npotatoes 20 kg\n3 (three) boxes of apples"},
	{"re: order", "> Please send 5 x Widget\nCancel my order please, I changed my mind."},
	{"x", "99999999999999999999 x Widget @ 1e400 USD\n0 x Nothing\n\u200b\u202e 7 × ｗｉｄｇｅｔ"},
}

// FuzzRoute checks that the router never panics and always answers a queue
// of its configured set with a confidence in [0,1], for each shipped rule
// set.
func FuzzRoute(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1])
	}
	routers := map[string]*Router{}
	for _, name := range []string{"default.yaml", "bitext.yaml", "curekart.yaml"} {
		r, err := Load(name)
		if err != nil {
			f.Fatal(err)
		}
		routers[name] = NewRouter(r)
	}
	f.Fuzz(func(t *testing.T, subject, body string) {
		for name, rt := range routers {
			route, conf := rt.Route(subject, body)
			if !slices.Contains(rt.rules.Router.Queues, route.Queue) {
				t.Fatalf("%s: queue %q outside the configured set %v", name, route.Queue, rt.rules.Router.Queues)
			}
			if !(conf >= 0 && conf <= 1) {
				t.Fatalf("%s: confidence %v outside [0,1]", name, conf)
			}
		}
	})
}

// FuzzExtract checks that the extractor never panics and that what it
// reports fits the order event's schema: at most the schema's maxItems
// items, each with a positive quantity, a product or SKU that is not empty
// (and within the schema's lengths), a price that is a non-negative number;
// no items unless IsOrder; a confidence in [0,1].
func FuzzExtract(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1])
	}
	r, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	e := NewExtractor(r)
	maxItems := schemaMaxItems(f)
	currency := regexp.MustCompile(`^[A-Z]{3}$`)
	f.Fuzz(func(t *testing.T, subject, body string) {
		o, conf := e.Extract(subject, body)
		if !(conf >= 0 && conf <= 1) {
			t.Fatalf("confidence %v outside [0,1]", conf)
		}
		if !o.IsOrder && len(o.Items) > 0 {
			t.Fatalf("items without an order: %s", orderString(o))
		}
		if len(o.Items) > maxItems {
			t.Fatalf("%d items, the schema allows %d", len(o.Items), maxItems)
		}
		if o.Currency != "" && !currency.MatchString(o.Currency) {
			t.Fatalf("currency %q", o.Currency)
		}
		if utf8.RuneCountInString(o.OrderRef) > 128 {
			t.Fatalf("order ref of %d runes", utf8.RuneCountInString(o.OrderRef))
		}
		for _, it := range o.Items {
			switch {
			case it.Quantity < 1:
				t.Fatalf("quantity %d: %s", it.Quantity, orderString(o))
			case it.Product == "" && it.SKU == "":
				t.Fatalf("item without a name: %s", orderString(o))
			case utf8.RuneCountInString(it.Product) > 256 || utf8.RuneCountInString(it.SKU) > 64:
				t.Fatalf("product or SKU over the schema's length: %s", orderString(o))
			case it.UnitPrice != nil && (*it.UnitPrice < 0 || math.IsNaN(*it.UnitPrice) || math.IsInf(*it.UnitPrice, 0)):
				t.Fatalf("unit price %v", *it.UnitPrice)
			}
		}
	})
}

// schemaMaxItems is the order event schema's maxItems for items.
func schemaMaxItems(tb testing.TB) int {
	raw, err := schemas.Raw(schemas.EmailOrder)
	if err != nil {
		tb.Fatal(err)
	}
	m := regexp.MustCompile(`"items":\s*\{\s*"type":\s*"array",\s*"maxItems":\s*(\d+)`).FindSubmatch(raw)
	if m == nil {
		tb.Fatal("no items maxItems in " + schemas.EmailOrder)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
