package engine

import (
	"context"
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/prompts"
	"github.com/triage/triage/schemas"
)

// Extractor extracts orders from emails with the LLM. Safe for concurrent use.
type Extractor struct {
	base
	cands candidates // rules.catalog's entries for the prompt; zero: none (catalog.go)
}

// NewExtractor builds the LLM order extractor.
func NewExtractor(client Completer, model string) (*Extractor, error) {
	b, err := newBase(prompts.Extract, client, model, schemas.LLMExtractAnswer, nil)
	if err != nil {
		return nil, err
	}
	return &Extractor{base: b}, nil
}

type extractAnswer struct {
	IsOrder    bool         `json:"is_order"`
	OrderRef   *string      `json:"order_ref"`
	Currency   *string      `json:"currency"`
	Items      []itemAnswer `json:"items"`
	Confidence float64      `json:"confidence"`
}

type itemAnswer struct {
	Product   *string  `json:"product"`
	SKU       *string  `json:"sku"`
	Quantity  int      `json:"quantity"`
	UnitPrice *float64 `json:"unit_price"`
}

// Limits of an accepted answer; they match the output event schema. An
// answer with more items than the event holds (schemas.MaxOrderItems) is
// checked whole, then cut to it and flagged (processors.Order.CapItems).
const (
	maxProduct  = 256
	maxSKU      = 64
	maxRef      = 128
	maxQuantity = 1_000_000
	maxPrice    = 10_000_000
)

// Process implements processors.Processor. The model reads in.Subject and
// in.Body, and in.Quoted in the prompt's quoted-context section. An answer
// is refused (an invalid_output fallback) when a product, SKU or reference
// has words found nowhere in the three, or when an item is supported only
// by injected text (notInjected). Items or prices taken from the quoted
// context get Origin "quoted" (markQuoted).
func (e *Extractor) Process(ctx context.Context, in processors.Input) (processors.Output, error) {
	var a extractAnswer
	pv, x, err := e.ask(ctx, prompts.Vars{Subject: in.Subject, Body: in.Body, Quoted: in.Quoted, Catalog: e.cands.lines(in)}, &a)
	return e.answer(in, a, pv, x, err)
}

// Recheck validates a cached answer for in exactly like a fresh one (answer
// schema, domain limits, every value grounded in in's text and none in
// injected text only, confidence) and
// returns the output to serve; it is the answer cache's check
// (processors.CacheOptions.Check).
func (e *Extractor) Recheck(in processors.Input, hit processors.Output) (processors.Output, error) {
	var a extractAnswer
	pv, x, err := e.cached(hit, &a)
	return e.answer(in, a, pv, x, err)
}

// answer applies the domain checks to a decoded answer for in.
func (e *Extractor) answer(in processors.Input, a extractAnswer, pv processors.Provenance, x *processors.Exchange, err error) (processors.Output, error) {
	if err != nil {
		return processors.Output{Provenance: pv, Exchange: x}, err
	}
	order, err := a.order()
	if err == nil {
		err = grounded(order, in.Subject+"\n"+in.Body+"\n"+in.Quoted)
	}
	if err == nil {
		err = notInjected(order, in)
	}
	if err == nil {
		err = confidence(&pv, a.Confidence)
	}
	if err != nil {
		return processors.Output{Provenance: pv, Exchange: x}, invalid(e.name, "%v", err)
	}
	markQuoted(order, in)
	order.CapItems()
	return processors.Output{Decision: order, Provenance: pv, Exchange: x}, nil
}

// order applies the domain checks the schema cannot express.
func (a extractAnswer) order() (*processors.Order, error) {
	o := &processors.Order{IsOrder: a.IsOrder, Items: []processors.Item{}}
	if !a.IsOrder && len(a.Items) > 0 {
		return nil, fmt.Errorf("is_order false with %d items", len(a.Items))
	}
	var err error
	if o.OrderRef, err = text("order_ref", a.OrderRef, maxRef); err != nil {
		return nil, err
	}
	if a.Currency != nil && *a.Currency != "" {
		c := strings.ToUpper(strings.TrimSpace(*a.Currency))
		if !isoCurrencies[c] {
			return nil, fmt.Errorf("currency %q is not an ISO 4217 code", *a.Currency)
		}
		o.Currency = c
	}
	for i, it := range a.Items {
		var item processors.Item
		if item.Product, err = text(fmt.Sprintf("items[%d].product", i), it.Product, maxProduct); err != nil {
			return nil, err
		}
		if item.SKU, err = text(fmt.Sprintf("items[%d].sku", i), it.SKU, maxSKU); err != nil {
			return nil, err
		}
		if item.Product == "" && item.SKU == "" {
			return nil, fmt.Errorf("items[%d] has neither product nor sku", i)
		}
		if it.Quantity < 1 || it.Quantity > maxQuantity {
			return nil, fmt.Errorf("items[%d].quantity %d is not a positive integer up to %d", i, it.Quantity, maxQuantity)
		}
		item.Quantity = it.Quantity
		if p := it.UnitPrice; p != nil {
			if math.IsNaN(*p) || *p < 0 || *p > maxPrice {
				return nil, fmt.Errorf("items[%d].unit_price %g out of range", i, *p)
			}
			item.UnitPrice = p
		}
		o.Items = append(o.Items, item)
	}
	return o, nil
}

// text accepts an optional single-line string of bounded length: a value
// with control characters or line breaks is how injected instructions try to
// ride along, so it is refused rather than cleaned.
func text(field string, s *string, max int) (string, error) {
	if s == nil {
		return "", nil
	}
	v := strings.TrimSpace(*s)
	if len([]rune(v)) > max {
		return "", fmt.Errorf("%s longer than %d characters", field, max)
	}
	for _, r := range v {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return "", fmt.Errorf("%s contains control characters", field)
		}
	}
	return v, nil
}

// grounded checks that every product, SKU and order reference the model
// returned is made of words that occur in the email: the prompt asks for
// them as written, so a value with words from nowhere is invented or
// injected ("Widget'; DROP TABLE…", "<script>") and is refused.
func grounded(o *processors.Order, text string) error {
	have := map[string]bool{}
	for _, w := range words(text) {
		have[w] = true
	}
	check := func(field, v string) error {
		for _, w := range words(v) {
			if !have[w] {
				return fmt.Errorf("%s %q: %q does not occur in the email", field, v, w)
			}
		}
		if strings.ContainsAny(v, "<>{}`") && !strings.ContainsAny(text, "<>{}`") {
			return fmt.Errorf("%s %q: markup not in the email", field, v)
		}
		return nil
	}
	if err := check("order_ref", o.OrderRef); err != nil {
		return err
	}
	for i, it := range o.Items {
		if err := check(fmt.Sprintf("items[%d].product", i), it.Product); err != nil {
			return err
		}
		if err := check(fmt.Sprintf("items[%d].sku", i), it.SKU); err != nil {
			return err
		}
	}
	return nil
}

// words splits s into lower-case runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
