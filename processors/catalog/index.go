package catalog

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// index finds catalog entries by words: each entry's name and aliases are
// word sets weighted by inverse document frequency (a word many entries
// share, like "pack", counts little), and its SKU matches exactly.
type index struct {
	idf   map[string]float64
	names [][]phrase // per entry: the name, then the aliases
	skus  map[string]int
}

// phrase is one name or alias as weighted words.
type phrase struct {
	words  []string
	weight float64 // sum of the words' idf
}

func newIndex(es []Entry) *index {
	x := &index{idf: map[string]float64{}, skus: map[string]int{}, names: make([][]phrase, len(es))}
	df := map[string]int{}
	for i, e := range es {
		seen := map[string]bool{}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			for _, w := range Words(n) {
				if !seen[w] {
					seen[w] = true
					df[w]++
				}
			}
		}
		x.skus[normSKU(e.SKU)] = i
	}
	n := float64(len(es))
	for w, d := range df {
		x.idf[w] = math.Log((n+1)/float64(d+1)) + 1
	}
	for i, e := range es {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			p := phrase{words: dedup(Words(n))}
			for _, w := range p.words {
				p.weight += x.idf[w]
			}
			x.names[i] = append(x.names[i], p)
		}
	}
	return x
}

// Candidate is an entry and how well it matches.
type Candidate struct {
	Index int
	Score float64 // 0..1
}

// TopK returns at most k entries the text mentions, best first: an entry's
// score is the share of its name's (or an alias's) weight whose words occur
// in the text, 1 when its SKU occurs as a word. Entries with no word in the
// text are left out. Ties keep catalog order.
func (c *Catalog) TopK(text string, k int) []Candidate {
	have, codes := map[string]bool{}, map[string]bool{}
	for _, w := range Words(text) {
		have[w] = true
	}
	for _, f := range strings.Fields(text) {
		codes[normSKU(f)] = true
	}
	var out []Candidate
	for i, ps := range c.idx.names {
		s := 0.0
		if k := normSKU(c.entries[i].SKU); codes[k] || have[k] {
			s = 1
		}
		for _, p := range ps {
			got := 0.0
			for _, w := range p.words {
				if have[w] {
					got += c.idx.idf[w]
				}
			}
			if p.weight > 0 {
				s = max(s, got/p.weight)
			}
		}
		if s > 0 {
			out = append(out, Candidate{i, s})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Score > out[b].Score })
	if len(out) > k {
		out = out[:k]
	}
	return out
}

// Best returns the entry that best matches an item's SKU and product name,
// with its score in 0..1, or Index -1 when none shares a word. A SKU equal
// to an entry's (case, spaces and dashes aside) scores 1; a product name
// scores the weighted Dice overlap of its words with the entry's name or
// best alias: 2·shared / (item words + entry words), idf-weighted.
func (c *Catalog) Best(sku, product string) Candidate {
	if i, ok := c.idx.skus[normSKU(sku)]; ok && sku != "" {
		return Candidate{i, 1}
	}
	// A product written as a code ("#5512", "ab-100") is a SKU too.
	if i, ok := c.idx.skus[normSKU(product)]; ok && product != "" {
		return Candidate{i, 1}
	}
	qw := dedup(Words(product))
	best := Candidate{Index: -1}
	for i, ps := range c.idx.names {
		for _, p := range ps {
			shared, qweight := 0.0, 0.0
			for _, w := range qw {
				f := c.idx.idf[w]
				if f == 0 {
					f = c.unseen()
				}
				qweight += f
				if contains(p.words, w) {
					shared += f
				}
			}
			if s := 2 * shared / (qweight + p.weight); shared > 0 && s > best.Score {
				best = Candidate{i, s}
			}
		}
	}
	return best
}

// unseen is the weight of a word no entry has: the highest idf.
func (c *Catalog) unseen() float64 { return math.Log(float64(len(c.entries)+1)) + 1 }

// Words splits s into lower-case words of letters and digits, each folded
// to a crude singular ("boxes" → "box", "lanterns" → "lantern").
func Words(s string) []string {
	fs := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range fs {
		fs[i] = singular(w)
	}
	return fs
}

func singular(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "sses")):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		return w[:len(w)-1]
	}
	return w
}

// normSKU folds a SKU for comparison: lower case, letters and digits only.
func normSKU(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

func dedup(ws []string) []string {
	var out []string
	for _, w := range ws {
		if !contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
