package rules

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// numPhrase is a multi-word quantity such as "half a dozen".
type numPhrase struct {
	words []string
	n     int
}

// extractorConfig is ExtractorRules compiled for matching.
type extractorConfig struct {
	skuRes, refRes             reList
	blockRes                   reList     // refRes then ignore patterns: what lex masks
	blockAt, skuAt             []*startRE // blockRes and skuRes, found by anchored tries
	skipRes, stopRes           reList
	addressRes                 reList
	injectRes                  reList
	notSKU                     []string
	money                      *moneyMatcher
	codes                      map[string]bool // ISO codes, for the document currency
	numberWords, multipliers   map[string]int
	singleAfter                map[string]bool
	qtyPhrases                 []numPhrase      // longest first
	qtyFirst                   map[string][]int // first word -> indices into qtyPhrases, ascending
	qtyKeys, unitWords         map[string]bool
	measureUnits               map[string]bool
	priceMarkers, totalMarkers map[string]bool
	skipWords, stopWords       map[string]bool
	references                 map[string]bool
	notQtyAfter, nonProduct    wordMatcher
	perUnit                    [][]string
	headers                    []header         // longest first
	headerFirst                map[string][]int // first word -> indices into headers, ascending
	headerRole1                map[string]role  // words joined by " " -> role of the first such header
	orderCues, nonOrderCues    *signalSet
	anchorHint                 anchorHint // what a line without digits needs to hold a quantity
	localNeg                   bool       // a non-order cue is Local
	threshold                  float64
}

// header is one header phrase of a table column role.
type header struct {
	words []string
	role  role
}

func compileExtractor(er *ExtractorRules) (*extractorConfig, error) {
	c := &extractorConfig{threshold: er.OrderThreshold}
	var err error
	re := func(field string, pats []string, group string) []*regexp.Regexp {
		var out []*regexp.Regexp
		for _, p := range pats {
			if err != nil {
				return nil
			}
			r, e := regexp.Compile(p)
			switch {
			case e != nil:
				err = fmt.Errorf("%s: pattern %q: %w", field, p, e)
			case group == "ref" && r.SubexpIndex(group) < 0:
				err = fmt.Errorf("%s: pattern %q has no (?P<%s>...) group", field, p, group)
			}
			out = append(out, r)
		}
		return out
	}
	sku := re("sku_patterns", er.SKUPatterns, "sku")
	ref := re("order_ref_patterns", er.OrderRefPatterns, "ref")
	ignore := re("ignore_patterns", er.IgnorePatterns, "")
	skip := re("skip_lines", er.SkipLines, "")
	stop := re("stop_lines", er.StopLines, "")
	address := re("address_headers", er.AddressHeaders, "")
	inject := re("injection_lines", er.InjectionLines, "")
	if err != nil {
		return nil, err
	}
	for _, l := range []struct {
		dst *reList
		res []*regexp.Regexp
	}{{&c.skuRes, sku}, {&c.refRes, ref}, {&c.blockRes, append(append([]*regexp.Regexp{}, ref...), ignore...)},
		{&c.skipRes, skip}, {&c.stopRes, stop}, {&c.addressRes, address}, {&c.injectRes, inject}} {
		if *l.dst, err = newREList(l.res); err != nil {
			return nil, err
		}
	}
	for _, re := range c.blockRes.res {
		c.blockAt = append(c.blockAt, newStartRE(re))
	}
	for _, re := range c.skuRes.res {
		c.skuAt = append(c.skuAt, newStartRE(re))
	}
	for _, p := range er.NotSKUPrefixes {
		c.notSKU = append(c.notSKU, strings.ToUpper(p))
	}
	if c.money, err = newMoneyMatcher(er.Currencies); err != nil {
		return nil, err
	}
	c.codes = map[string]bool{}
	for _, code := range er.Currencies.Codes {
		c.codes[code] = true
	}
	c.numberWords = map[string]int{}
	for w, n := range er.NumberWords {
		if n <= 0 {
			return nil, fmt.Errorf("number_words: %q: %d is not a positive quantity", w, n)
		}
		c.numberWords[strings.ToLower(w)] = n
	}
	for p, n := range er.QuantityPhrases {
		if n <= 0 {
			return nil, fmt.Errorf("quantity_phrases: %q: %d is not a positive quantity", p, n)
		}
		ws := words(p)
		if len(ws) == 0 {
			return nil, fmt.Errorf("quantity_phrases: %q has no words", p)
		}
		c.qtyPhrases = append(c.qtyPhrases, numPhrase{ws, n})
	}
	sort.Slice(c.qtyPhrases, func(i, j int) bool {
		a, b := c.qtyPhrases[i], c.qtyPhrases[j]
		if len(a.words) != len(b.words) {
			return len(a.words) > len(b.words)
		}
		return strings.Join(a.words, " ") < strings.Join(b.words, " ")
	})
	c.qtyFirst = map[string][]int{}
	for k, p := range c.qtyPhrases {
		c.qtyFirst[p.words[0]] = append(c.qtyFirst[p.words[0]], k)
	}
	c.multipliers = map[string]int{}
	for w, n := range er.Multipliers {
		if n <= 1 {
			return nil, fmt.Errorf("multipliers: %q: %d is not a multiplier", w, n)
		}
		c.multipliers[strings.ToLower(w)] = n
	}
	c.singleAfter = wordSet(er.SingleAfter)
	c.qtyKeys = wordSet(er.QuantityKeys)
	c.unitWords = wordSet(er.UnitWords)
	c.measureUnits = wordSet(er.MeasureUnits)
	c.priceMarkers = wordSet(er.PriceMarkers)
	c.totalMarkers = wordSet(er.TotalMarkers)
	c.skipWords = wordSet(er.ProductSkipWords)
	c.stopWords = wordSet(er.ProductStopWords)
	c.references = wordSet(er.ReferenceWords)
	c.notQtyAfter = newWordMatcher(er.NotQuantityAfter)
	c.nonProduct = newWordMatcher(er.NonProductWords)
	for _, cue := range er.PerUnitCues {
		if f := strings.Fields(strings.ToLower(cue)); len(f) > 0 {
			c.perUnit = append(c.perUnit, f)
		}
	}
	if c.anchorHint, err = newAnchorHint(c); err != nil {
		return nil, err
	}
	roles := []struct {
		r     role
		names []string
	}{{roleQty, er.TableHeaders.Quantity}, {roleSKU, er.TableHeaders.SKU}, {roleProduct, er.TableHeaders.Product},
		{rolePrice, er.TableHeaders.UnitPrice}, {roleIgnore, er.TableHeaders.Ignore}}
	for _, rs := range roles {
		for _, n := range rs.names {
			if ws := words(n); len(ws) > 0 {
				c.headers = append(c.headers, header{ws, rs.r})
			}
		}
	}
	sort.SliceStable(c.headers, func(i, j int) bool { return len(c.headers[i].words) > len(c.headers[j].words) })
	c.headerFirst, c.headerRole1 = map[string][]int{}, map[string]role{}
	for k, h := range c.headers {
		c.headerFirst[h.words[0]] = append(c.headerFirst[h.words[0]], k)
		if _, dup := c.headerRole1[strings.Join(h.words, " ")]; !dup {
			c.headerRole1[strings.Join(h.words, " ")] = h.role
		}
	}
	for _, cues := range [][]Signal{er.OrderCues, er.NonOrderCues} {
		for _, s := range cues {
			if err := validateSignal(s, false); err != nil {
				return nil, err
			}
		}
	}
	if c.orderCues, err = compileSignals(er.OrderCues); err != nil {
		return nil, fmt.Errorf("order_cues: %w", err)
	}
	if c.nonOrderCues, err = compileSignals(er.NonOrderCues); err != nil {
		return nil, fmt.Errorf("non_order_cues: %w", err)
	}
	for _, sg := range er.NonOrderCues {
		c.localNeg = c.localNeg || sg.Local
	}
	if !finite(er.OrderThreshold) {
		return nil, errors.New("order_threshold must be finite")
	}
	return c, nil
}

// wordSet lower-cases ws into a set. Entries are kept as written (after
// lower-casing), so symbols such as "@" work too.
func wordSet(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[strings.ToLower(w)] = true
	}
	return m
}
