package rules

import (
	"encoding/csv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/triage/triage/processors/rules/internal/legacy"
)

// enginePair is the old (legacy) and the new engine of one rules file.
type enginePair struct {
	name     string
	oldRoute *legacy.Router
	oldExt   *legacy.Extractor
	newRoute *Router
	newExt   *Extractor
}

func enginePairs(tb testing.TB) []enginePair {
	var out []enginePair
	for _, name := range goldenRules {
		or, err := legacy.Load(name)
		if err != nil {
			tb.Fatal(err)
		}
		nr, err := Load(name)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, enginePair{name, legacy.NewRouter(or), legacy.NewExtractor(or), NewRouter(nr), NewExtractor(nr)})
	}
	return out
}

// same checks that both engines decide subject and body identically.
func (p enginePair) same(t testing.TB, what, subject, body string) bool {
	oq, oc := p.oldRoute.Route(subject, body)
	nq, nc := p.newRoute.Route(subject, body)
	if !reflect.DeepEqual(oq, nq) || oc != nc {
		t.Errorf("%s, %s: route: old %+v %v, new %+v %v\nsubject %q\nbody %q", what, p.name, oq, oc, nq, nc, subject, trunc(body))
		return false
	}
	oo, ooc := p.oldExt.Extract(subject, body)
	no, noc := p.newExt.Extract(subject, body)
	if !reflect.DeepEqual(oo, no) || ooc != noc {
		t.Errorf("%s, %s: extract: old %s %v, new %s %v\nsubject %q\nbody %q", what, p.name,
			orderString(oo), ooc, orderString(no), noc, subject, trunc(body))
		return false
	}
	return true
}

func trunc(s string) string {
	if len(s) > 600 {
		return s[:600] + "..."
	}
	return s
}

// TestLegacyEquivalence runs the old and the new engine side by side on
// every labelled record, the fuzz corpora, the public sets under
// /work/shared/data when present, and random and hostile text, and wants
// identical decisions (reflect.DeepEqual, confidences bit for bit).
func TestLegacyEquivalence(t *testing.T) {
	pairs := enginePairs(t)
	bad := 0
	check := func(what, subject, body string) {
		for _, p := range pairs {
			if !p.same(t, what, subject, body) {
				bad++
			}
		}
		if bad > 20 {
			t.FailNow()
		}
	}
	for _, in := range goldenInputs(t) {
		check(in.Src, in.Subject, in.Body)
	}
	for _, in := range fuzzCorpus(t) {
		check("fuzz corpus", in[0], in[1])
		check("fuzz corpus as body", "", in[0]+"\n"+in[1])
	}
	for _, s := range fuzzSeeds {
		check("fuzz seed", s[0], s[1])
	}
	for _, in := range sharedTexts(t) {
		check(in.Src, "", in.Body)
	}
	rng := rand.New(rand.NewPCG(10, 2))
	vocab := hostileVocab(t)
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := range n {
		check("random #"+strconv.Itoa(i), randomText(rng, vocab, 8), randomText(rng, vocab, 1+rng.IntN(400)))
	}
	for _, h := range hostileTexts() {
		check("hostile", "", h)
	}
}

// FuzzLegacyEquivalence is TestLegacyEquivalence's property under the fuzzer.
func FuzzLegacyEquivalence(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1])
	}
	for _, in := range fuzzCorpus(f) {
		f.Add(in[0], in[1])
	}
	pairs := enginePairs(f)
	f.Fuzz(func(t *testing.T, subject, body string) {
		for _, p := range pairs {
			p.same(t, "fuzz", subject, body)
		}
	})
}

// fuzzCorpus reads the string pairs of the fuzz corpora of this package and
// of the decoders, when present.
func fuzzCorpus(tb testing.TB) [][2]string {
	var out [][2]string
	for _, pat := range []string{"testdata/fuzz/*/*", "../decode/testdata/fuzz/*/*", "../decode/clean/testdata/fuzz/*/*"} {
		paths, _ := filepath.Glob(pat)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			var vals []string
			for _, line := range strings.Split(string(data), "\n")[1:] {
				for _, pre := range []string{"string(", "[]byte("} {
					if v, ok := strings.CutPrefix(line, pre); ok {
						if s, err := strconv.Unquote(strings.TrimSuffix(v, ")")); err == nil {
							vals = append(vals, s)
						}
					}
				}
			}
			for len(vals) < 2 {
				vals = append(vals, "")
			}
			out = append(out, [2]string{vals[0], vals[1]})
		}
	}
	return out
}

// sharedTexts reads every cell of the public CSV sets in /work/shared/data
// (Bitext, Banking77, HINT3), when that directory exists.
func sharedTexts(tb testing.TB) []goldenInput {
	paths, _ := filepath.Glob("../../../shared/data/*/*.csv")
	var out []goldenInput
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			tb.Fatal(err)
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		f.Close()
		if err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		for i, row := range rows {
			out = append(out, goldenInput{Src: p + ":" + strconv.Itoa(i+1), Body: strings.Join(row, "\n")})
		}
	}
	return out
}

// hostileVocab is the words the rules react to (every term, cue, header,
// unit and number word of the shipped files), typos of them, and pieces of
// the notations the extractor reads.
func hostileVocab(tb testing.TB) []string {
	var out []string
	for _, name := range goldenRules {
		r, err := Load(name)
		if err != nil {
			tb.Fatal(err)
		}
		sigs := []Signal{}
		for _, rr := range r.Router.Rules {
			sigs = append(sigs, rr.Signal)
		}
		sigs = append(append(sigs, r.Extractor.OrderCues...), r.Extractor.NonOrderCues...)
		for _, s := range sigs {
			out = append(out, s.Terms...)
			out = append(out, s.Unless...)
		}
		er := r.Extractor
		for _, ws := range [][]string{er.SingleAfter, er.QuantityKeys, er.UnitWords, er.MeasureUnits, er.PerUnitCues,
			er.PriceMarkers, er.TotalMarkers, er.ProductSkipWords, er.ProductStopWords, er.NotQuantityAfter,
			er.NonProductWords, er.TableHeaders.Quantity, er.TableHeaders.SKU, er.TableHeaders.Product,
			er.TableHeaders.UnitPrice, er.TableHeaders.Ignore, er.NotSKUPrefixes, er.Currencies.Codes} {
			out = append(out, ws...)
		}
		for _, m := range []map[string]int{er.NumberWords, er.QuantityPhrases, er.Multipliers} {
			for w := range m {
				out = append(out, w)
			}
		}
		for w := range er.Currencies.Words {
			out = append(out, w)
		}
		for s := range er.Currencies.Symbols {
			out = append(out, s)
		}
	}
	n := len(out)
	for i := 0; i < n; i += 3 { // typos: swapped, dropped, doubled letters
		w := []rune(strings.ReplaceAll(out[i], "*", "ing"))
		if len(w) > 3 {
			k := i % (len(w) - 1)
			sw := append([]rune{}, w...)
			sw[k], sw[k+1] = sw[k+1], sw[k]
			out = append(out, string(sw), string(w[:k])+string(w[k+1:]), string(w[:k+1])+string(w[k:]),
				strings.ToUpper(string(w)), strings.ReplaceAll(out[i], "*", "s"))
		}
	}
	return append(out, "3", "12", "1,000", "4.00", "$4.00", "€ 12,50", "9,99", "2026-11-27", "10:30", "x", "×", "3x", "x2",
		"@", "|", " | ", "\t", "\n", "\n\n", "  ", ",", ".", ":", ";", "(", ")", "#", "-", "–", "'", "’", "\"", "SKU-12",
		"BW-01", "(BW-01)", "PO-77", "INV2291", "#A1234.", "order #123", "PO 4711", "Qty: 3", "Price: $5", "Ship to:",
		"Thanks,", "> quoted", "-- ", "1.", "2)", "•", "0", "007", "99999999", "500 g", "1 kg", "½", "Ｗｉｄｇｅｔ", "İ",
		"ſ", "K", "\u200b", "\u202e", "\xff", "é", "straße", "Hauptstraße", "don't", "I'd", "nr.", "No.", "a", "an")
}

// randomText joins n random pieces of vocab, mostly with spaces.
func randomText(rng *rand.Rand, vocab []string, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			switch rng.IntN(10) {
			case 0:
				b.WriteString("\n")
			case 1:
			default:
				b.WriteString(" ")
			}
		}
		b.WriteString(vocab[rng.IntN(len(vocab))])
	}
	return b.String()
}

// hostileTexts are long runs and repetitions that stress matching time.
func hostileTexts() []string {
	return []string{
		strings.Repeat("a", 5000), strings.Repeat("refund ", 2000), strings.Repeat("1", 5000),
		strings.Repeat("error 500 ", 500), strings.Repeat("send it back ", 300), strings.Repeat("| 3 | BW-01 | 4.00 |\n", 200),
		strings.Repeat("x", 70000), strings.Repeat("order #", 3000), strings.Repeat("3 x Widget @ $4.00, ", 400),
		strings.Repeat("\n", 3000), strings.Repeat("é", 3000), strings.Repeat("invoce acount ", 500),
		megabyte("where is my order #123 from 2026-11-27? ")[:200000],
	}
}
