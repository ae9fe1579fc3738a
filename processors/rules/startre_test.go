package rules

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestStartREIsFindAll runs startRE and package regexp's FindAll over every
// labelled line (whole, and each digit window the lexer reads), the fuzz
// corpus and hostile strings, for every expression the lexer finds so in
// the shipped rules files (masks and codes) and a few with traps (empty
// matches, ^, \B, folds, invalid UTF-8): the matches and submatches must be
// the same.
func TestStartREIsFindAll(t *testing.T) {
	texts := []string{"", "a", "\xff", "\xe2\x80", "x\xe2\x82\xacy", "Kelvin \u212a 5", "ſku-12", "AB-12\xffCD-3", "\n\nSKU-1\n",
		"(AB-CD) #A123 PO-77 3rd May 2026 +1 555 123 4567", "invoice 12 unit 4, case #7", "ÜBER-5 straße 12, 8000 Zürich"}
	for _, in := range goldenInputs(t) {
		for _, l := range strings.Split(in.Subject+"\n"+in.Body, "\n") {
			texts = append(texts, l)
			for _, w := range digitWindows(l) {
				texts = append(texts, l[w[0]:w[1]])
			}
		}
	}
	fz, _ := filepath.Glob("testdata/fuzz/*/*")
	for _, p := range fz {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			if s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(l, "string("), ")")); err == nil {
				texts = append(texts, s)
			}
		}
	}
	res := []*regexp.Regexp{regexp.MustCompile(`x*`), regexp.MustCompile(`^\w+`), regexp.MustCompile(`\B\d+`),
		regexp.MustCompile(`(?i)k\w+`), regexp.MustCompile(`(?m)^\s*(\d+)`), regexp.MustCompile(`.\b`), regexp.MustCompile(`[^a-z]{2}`)}
	known := map[string]bool{}
	subs := map[string]bool{`(?m)^\s*(\d+)`: true} // lex reads codes' groups, masks' spans
	for _, rf := range goldenRules {
		r, err := Load(rf)
		if err != nil {
			t.Fatal(err)
		}
		c := NewExtractor(r).cfg
		for _, re := range append(append([]*regexp.Regexp{}, c.blockRes.res...), c.skuRes.res...) {
			if !known[re.String()] {
				known[re.String()] = true
				res = append(res, re)
			}
		}
		for _, re := range c.skuRes.res {
			subs[re.String()] = true
		}
	}
	seen := map[string]bool{}
	uniq := texts[:0]
	for _, s := range texts {
		if !seen[s] {
			seen[s] = true
			uniq = append(uniq, s)
		}
	}
	texts = uniq
	fast := 0
	for _, re := range res {
		sr := newStartRE(re)
		if !sr.scan {
			fast++
		}
		for _, s := range texts {
			sub := subs[re.String()]
			want := re.FindAllStringIndex(s, -1)
			if sub {
				want = re.FindAllStringSubmatchIndex(s, -1)
			}
			if got := sr.findAll(s, sub); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q on %q (submatches %v): %v, FindAll gives %v", re, s, sub, got, want)
			}
		}
	}
	if fast < len(res)/2 {
		t.Errorf("only %d of %d expressions tried at their starts", fast, len(res))
	}
	t.Logf("%d expressions (%d tried at their starts) on %d texts", len(res), fast, len(texts))
}
