package learn

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/rules"
)

// OrderExample is one email with the order it holds, by a label: a
// labelled file's gold, an LLM answer that passed validation, or a
// person's correction.
type OrderExample struct {
	In    processors.Input
	Order processors.Order
}

// Alias proposes that the rules' product name From stands for To.
type Alias struct {
	From, To string
	Count    int // order lines where the rules read From and the label says To
}

// Cue proposes a phrase as an order (or non-order) cue.
type Cue struct {
	Phrase string
	Missed int // emails the rules got wrong that hold the phrase
}

// Suggestions are proposals for a person to review; nothing applies them.
type Suggestions struct {
	Examples                int
	Aliases                 []Alias
	OrderCues, NonOrderCues []Cue
}

// Suggest runs the rules extractor on every example and compares it with
// the label. Where both read an order line of the same quantity that
// shares a word but names the product differently, it proposes an alias
// (the rules' name → the label's). For emails the rules missed as orders
// (or took for orders wrongly) it proposes the phrases of two or three
// words found in at least minCount of them, in no email of the other
// label, and not already a cue of the rules. Safe to call concurrently; it
// stops when ctx is cancelled.
func Suggest(ctx context.Context, rs *rules.Rules, ex []OrderExample, minCount int) (Suggestions, error) {
	x := rules.NewExtractor(rs)
	s := Suggestions{Examples: len(ex)}
	aliases := map[[2]string]int{}
	missed, wrong := map[string]int{}, map[string]int{} // phrase -> emails
	inOrders, inOthers := map[string]int{}, map[string]int{}
	for _, e := range ex {
		out, err := x.Process(ctx, e.In)
		if err != nil {
			return s, fmt.Errorf("learn: suggest: %w", err)
		}
		got, _ := out.Decision.(*processors.Order)
		if got == nil {
			got = &processors.Order{}
		}
		for _, a := range lineAliases(got.Items, e.Order.Items) {
			aliases[a]++
		}
		ps := phrases(e.In.Subject + "\n" + e.In.Body)
		count(ps, map[bool]map[string]int{true: inOrders, false: inOthers}[e.Order.IsOrder])
		switch {
		case e.Order.IsOrder && !got.IsOrder:
			count(ps, missed)
		case !e.Order.IsOrder && got.IsOrder:
			count(ps, wrong)
		}
	}
	for k, n := range aliases {
		if n >= minCount {
			s.Aliases = append(s.Aliases, Alias{k[0], k[1], n})
		}
	}
	slices.SortFunc(s.Aliases, func(a, b Alias) int { return cmp.Or(b.Count-a.Count, strings.Compare(a.From, b.From)) })
	s.OrderCues = cues(missed, inOthers, known(rs.Extractor.OrderCues), minCount)
	s.NonOrderCues = cues(wrong, inOrders, known(rs.Extractor.NonOrderCues), minCount)
	return s, nil
}

// lineAliases pairs the rules' items with the label's of the same
// quantity that share a word but differ in name.
func lineAliases(got, want []processors.Item) [][2]string {
	var out [][2]string
	for _, w := range want {
		for _, g := range got {
			from, to := strings.ToLower(strings.TrimSpace(g.Product)), strings.TrimSpace(w.Product)
			if g.Quantity == w.Quantity && from != "" && to != "" && from != strings.ToLower(to) && shareWord(from, strings.ToLower(to)) {
				out = append(out, [2]string{from, to})
				break
			}
		}
	}
	return out
}

func shareWord(a, b string) bool {
	bw := strings.Fields(b)
	for _, w := range strings.Fields(a) {
		if len(w) > 2 && slices.Contains(bw, w) {
			return true
		}
	}
	return false
}

// function words never start or end a proposed phrase.
var function = map[string]bool{}

func init() {
	for _, w := range strings.Fields("a an the of to for in on at by with from and or but our my your their his her its this that these those we i you it is are was be as so") {
		function[w] = true
	}
}

// phrases lists the distinct runs of two and three words within a line of
// a text, lower-cased, punctuation trimmed, that neither start nor end
// with a function word.
func phrases(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, line := range strings.Split(strings.ToLower(text), "\n") {
		var ws []string
		for _, f := range strings.Fields(line) {
			if w := strings.Trim(f, ".,;:!?()[]\"'"); w != "" {
				ws = append(ws, w)
			}
		}
		for n := 2; n <= 3; n++ {
			for i := 0; i+n <= len(ws); i++ {
				if function[ws[i]] || function[ws[i+n-1]] {
					continue // "stock of", "the usual": no cue
				}
				if p := strings.Join(ws[i:i+n], " "); !seen[p] {
					seen[p] = true
					out = append(out, p)
				}
			}
		}
	}
	return out
}

func count(ps []string, into map[string]int) {
	for _, p := range ps {
		into[p]++
	}
}

func known(signals []rules.Signal) map[string]bool {
	k := map[string]bool{}
	for _, s := range signals {
		for _, t := range s.Terms {
			k[strings.ToLower(t)] = true
		}
	}
	return k
}

// cues keeps the phrases of at least minCount missed emails that no email
// of the other label holds and the rules do not know, most evidence first;
// a longer phrase holding a kept one of the same evidence adds nothing and
// is dropped. At most 10.
func cues(missed, other map[string]int, known map[string]bool, minCount int) []Cue {
	var out []Cue
	for p, n := range missed {
		if n >= minCount && other[p] == 0 && !known[p] {
			out = append(out, Cue{Phrase: p, Missed: n})
		}
	}
	slices.SortFunc(out, func(a, b Cue) int {
		return cmp.Or(b.Missed-a.Missed, len(a.Phrase)-len(b.Phrase), strings.Compare(a.Phrase, b.Phrase))
	})
	var kept []Cue
	for _, c := range out {
		if !slices.ContainsFunc(kept, func(k Cue) bool { return k.Missed == c.Missed && strings.Contains(c.Phrase, k.Phrase) }) {
			kept = append(kept, c)
		}
	}
	return kept[:min(len(kept), 10)]
}

// WriteYAML prints the proposals as YAML snippets, each with its evidence,
// for a person to copy into a rules file (or a catalog) after review.
func (s Suggestions) WriteYAML(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# triage rules suggest: %d labelled emails. Proposals only: review each before adding it.\n", s.Examples)
	if len(s.Aliases)+len(s.OrderCues)+len(s.NonOrderCues) == 0 {
		b.WriteString("# nothing to propose: the rules agree with the labels often enough\n")
	}
	if len(s.Aliases) > 0 {
		b.WriteString("# catalog aliases: the rules' product name -> the name the label gives\naliases:\n")
		for _, a := range s.Aliases {
			fmt.Fprintf(&b, "  %q: %q   # %d order lines\n", a.From, a.To, a.Count)
		}
	}
	for _, sec := range []struct {
		key, what string
		cues      []Cue
	}{{"order_cues", "orders the rules missed", s.OrderCues}, {"non_order_cues", "emails the rules took for orders", s.NonOrderCues}} {
		if len(sec.cues) == 0 {
			continue
		}
		fmt.Fprintf(&b, "# extractor.%s: phrases of %s, in no email of the other label\n%s:\n", sec.key, sec.what, sec.key)
		for i, c := range sec.cues {
			fmt.Fprintf(&b, "  - {name: suggested.%d, weight: 2, terms: [%q]}   # %d emails\n", i+1, c.Phrase, c.Missed)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
