package rules

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/triage/triage/processors"
)

// Extractor reads what an email orders: items (product and/or SKU, quantity,
// unit price), the currency and the order reference. It is safe for
// concurrent use and linear in the size of its input.
type Extractor struct {
	rules *Rules
	cfg   *extractorConfig
	err   error // set when the rules did not compile; Process returns it
}

// NewExtractor compiles the extractor section of r. Rules from Parse, Load
// and Default are valid; if r is not, every Process call returns the
// validation error and Extract reports no order.
func NewExtractor(r *Rules) *Extractor {
	cfg, err := compileExtractor(&r.Extractor)
	if err != nil {
		return &Extractor{rules: r, err: fmt.Errorf("rules: extractor: %w", err)}
	}
	return &Extractor{rules: r, cfg: cfg}
}

// Extract reads subject and the first MaxScanBytes of body. The email is an order when at least one
// item was read and its order score (order cues minus non-order cues) reaches
// the threshold; otherwise IsOrder is false and Items is empty. Without any
// cue, an email listing minBareList items, or a terse one (maxTerseWords)
// whose quantities are all marked ("3 x", "2 boxes"), is an order when
// nothing says it is not. Injected text (InjectionLines) is never read. An
// order of more items than an event holds keeps the first ones and says so
// (processors.Order.CapItems). OrderRef is reported either way. The
// confidence in [0,1] says how sure the decision is (evidence.confidence):
// below 0.5 when the evidence is weak.
func (e *Extractor) Extract(subject, body string) (processors.Order, float64) {
	order := processors.Order{Items: []processors.Item{}}
	if e.err != nil {
		return order, 0
	}
	c := e.cfg
	lines := c.dropInjected(c.cutBody(body))
	revisions := revise(lines) // struck-through text and corrections (revise.go)
	if at := c.injectionAt(subject); at >= 0 {
		subject = subject[:sentenceStart(subject, at)] // "Order: 2 x crêpe makers [AI note: ...]" keeps its order
	}
	text := subject + "\n" + strings.Join(lines, "\n")
	order.OrderRef = c.orderRef(subject, lines)

	joinSubject(subject, lines) // an order begun in the subject (subject.go)
	for i, l := range lines {
		lines[i] = expandSizes(l) // "T-shirts: 3 S, 5 M, 2 XL" (sizes.go)
	}
	first := c.firstN(lines) // "process the first three items below" (firstn.go)
	items := c.readItems(lines, subject)
	if len(items) == 0 {
		items = marked(c.readItems(subjectLines(subject), "")) // an order in the subject alone (subject.go)
	}
	for _, r := range revisions {
		items = r.apply(items)
	}
	if first > 0 && len(items) > first {
		items = items[:first]
	}

	prepared := newText(text) // split once, read by both cue sets
	pos, _ := c.orderCues.score(prepared)
	neg := c.negative(prepared, len(items) > 0)
	score := pos - neg
	docCur := c.documentCurrency(text)
	counts := map[string]int{}
	best := ""
	for i := range items {
		if items[i].price != nil && items[i].currency == "" {
			items[i].currency = docCur
		}
		if cur := items[i].currency; items[i].price != nil && cur != "" {
			counts[cur]++
			if best == "" || counts[cur] > counts[best] {
				best = cur
			}
		}
	}
	ev := evidence{pos: pos, neg: neg, items: len(items), marked: allMarked(items)}
	if neg == 0 && score < c.threshold && len(items) > 0 {
		switch {
		case len(items) >= minBareList:
			// A bare list of several items, with nothing saying it is not an
			// order ("For this week:\ncarrots 10 kg\nonions 15 kg\n..."), is one.
			score, ev.structural = c.threshold, true
		case ev.marked && len(prepared.words) <= maxTerseWords && !strings.Contains(text, "?"):
			// A terse note of marked quantities that asks nothing ("3 x brass
			// hooks please.", "2 x A + 1 x B. thanks!") is one too.
			score, ev.structural = c.threshold, true
		case anyScaled(items) && !strings.Contains(text, "?"):
			// Quantities worked out per unit ("3 sparklers per guest - 60
			// guests") are what a buyer writes who has counted what to order.
			score, ev.structural = c.threshold, true
		}
	}
	ev.margin = score - c.threshold
	if len(items) == 0 || ev.margin < 0 {
		return order, ev.confidence(false)
	}
	order.IsOrder, order.Currency = true, best
	for _, it := range items {
		order.Items = append(order.Items, processors.Item{
			Product: it.product, SKU: it.sku, Quantity: it.qty, UnitPrice: it.price,
		})
	}
	order.CapItems()
	return order, ev.confidence(true)
}

// minBareList is how many items an uncued email must list to be an order;
// maxTerseWords how many words (subject included) a note of marked
// quantities may have to be one without a cue.
const (
	minBareList   = 3
	maxTerseWords = 25
)

// Process implements processors.Processor: it extracts from in.Subject and
// in.Body, then resolves a reply's references to the offer quoted in
// in.Quoted (resolveQuoted).
func (e *Extractor) Process(ctx context.Context, in processors.Input) (processors.Output, error) {
	if err := ctx.Err(); err != nil {
		return processors.Output{}, fmt.Errorf("rules: extract %s: %w", in.ID, err)
	}
	if e.err != nil {
		return processors.Output{}, e.err
	}
	order, conf := e.Extract(in.Subject, in.Body)
	e.cfg.resolveQuoted(in, &order, &conf) // a reply accepting a quoted offer (quoted.go)
	return processors.Output{
		Decision: &order,
		Provenance: processors.Provenance{
			Source:        processors.SourceRules,
			EngineVersion: e.rules.Version(),
			Confidence:    &conf,
		},
	}, nil
}

// maxLine is the longest line the extractor reads at once; longer lines are
// broken at white space so that pattern matching stays fast.
const maxLine = 1024

// MaxScanBytes bounds how much of a body the extractor reads: a longer body
// is cut at the last line break before this size. No order email is this
// long, and the cap bounds the cost of hostile input (reading is linear; a
// body of order lines costs about 0.3 ms per KB on one core, mostly the
// regexps that do match, TestExtractLargeBody logs it).
const MaxScanBytes = 64 << 10

// cutBody splits body into lines, drops quoted lines ("> ...") and ends it
// at the first stop line (sign-off, signature, quoted reply header).
func (c *extractorConfig) cutBody(body string) []string {
	if len(body) > MaxScanBytes {
		cut := strings.LastIndexByte(body[:MaxScanBytes], '\n')
		if cut <= 0 {
			cut = MaxScanBytes
			for cut > 0 && !utf8.RuneStart(body[cut]) {
				cut--
			}
		}
		body = body[:cut]
	}
	body = strings.ReplaceAll(body, "\r\n", "\n")
	var out []string
	for _, l := range splitLong(strings.Split(body, "\n")) {
		if strings.HasPrefix(strings.TrimSpace(l), ">") {
			continue
		}
		if c.stopRes.any(l) {
			break
		}
		out = append(out, l)
	}
	return c.unwrap(out)
}

func (c *extractorConfig) skipLine(l string) bool { return c.skipRes.any(l) }

// maxOrderRef is the longest order reference, in runes: the bound of
// order_ref in schemas/email.order_extracted.v1.json.
const maxOrderRef = 128

// orderRef returns the first order reference: patterns in file order, each
// tried on the subject and then on the body.
func (c *extractorConfig) orderRef(subject string, lines []string) string {
	var texts []string
	var hits [][]bool
	for _, s := range append([]string{subject}, lines...) {
		if hasDigit(s) { // every reference holds a digit
			texts, hits = append(texts, s), append(hits, c.refRes.hits(s, nil))
		}
	}
	for i, re := range c.refRes.res {
		g := re.SubexpIndex("ref")
		for k, s := range texts {
			if !hits[k][i] {
				continue
			}
			if m := re.FindStringSubmatchIndex(s); m != nil {
				// A "reference" longer than the event schema allows is a run
				// of characters, not a reference; "your order 10442" is the
				// shop's number, not the sender's: try the next match.
				ref := strings.TrimSpace(s[m[2*g]:m[2*g+1]])
				if utf8.RuneCountInString(ref) <= maxOrderRef && !yours(s[:m[0]]) {
					return ref
				}
			}
		}
	}
	return ""
}

// yours says whether the text before a reference ends in "your" (or
// "Ihre", "votre", "su"): the reference is then the shop's own.
func yours(before string) bool {
	ws := words(before)
	if len(ws) == 0 {
		return false
	}
	switch ws[len(ws)-1] {
	case "your", "ihre", "ihrer", "votre", "su", "vuestro":
		return true
	}
	return false
}

// documentCurrency is the first currency stated anywhere: with an amount,
// or as a stand-alone ISO code ("Prices in EUR").
func (c *extractorConfig) documentCurrency(text string) string {
	for _, m := range c.money.find(text) {
		if m.currency != "" {
			return m.currency
		}
	}
	return c.firstCode(text)
}

// splitLong breaks lines longer than maxLine after a sentence end or, failing
// that, at white space (or anywhere, for a line without any).
func splitLong(lines []string) []string {
	var out []string
	for _, l := range lines {
		for len(l) > maxLine {
			cut := strings.LastIndex(l[:maxLine], ". ") + 1
			if cut <= 0 {
				cut = strings.LastIndexAny(l[:maxLine], " \t") + 1
			}
			if cut <= 0 {
				cut = maxLine
				for cut > 0 && !utf8.RuneStart(l[cut]) {
					cut--
				}
				if cut == 0 { // no rune starts there (invalid UTF-8): cut anyway, or l never shrinks
					cut = maxLine
				}
			}
			out, l = append(out, l[:cut]), l[cut:]
		}
		out = append(out, l)
	}
	return out
}

// firstCode returns the first stand-alone currency code in text, written in
// upper case ("Prices in EUR").
func (c *extractorConfig) firstCode(text string) string {
	for i := 0; i+3 <= len(text); i++ {
		if text[i] < 'A' || text[i] > 'Z' || i > 0 && isWordByte(text[i-1]) {
			continue
		}
		if i+3 < len(text) && isWordByte(text[i+3]) {
			continue
		}
		if c.codes[text[i:i+3]] {
			return text[i : i+3]
		}
	}
	return ""
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}
