package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestDefault(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"billing", "technical", "account", "shipping", "returns", "sales", "other"}
	if strings.Join(r.Router.Queues, ",") != strings.Join(want, ",") || r.Router.FallbackQueue != "other" {
		t.Errorf("queues %v fallback %q", r.Router.Queues, r.Router.FallbackQueue)
	}
	if !regexp.MustCompile(`^rules-[0-9a-f]{12}$`).MatchString(r.Version()) {
		t.Errorf("version %q", r.Version())
	}
}

func TestVersion(t *testing.T) {
	base := "router:\n  queues: [a, b]\n  fallback_queue: a\n  subject_weight: 2\n  min_score: 1\n" +
		"  rules:\n    - {name: b.w, queue: b, weight: 1, terms: [banana]}\n"
	v := func(src string) string {
		t.Helper()
		r, err := Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return r.Version()
	}
	v0 := v(base)
	if got := v("# a comment\n" + base); got != v0 {
		t.Errorf("comment changed version: %s != %s", got, v0)
	}
	if got := v(strings.Replace(base, "banana", "bananas", 1)); got == v0 {
		t.Error("changed term kept version")
	}
	if got := v(strings.Replace(base, "weight: 1", "weight: 2", 1)); got == v0 {
		t.Error("changed weight kept version")
	}
	r, _ := Parse([]byte(base))
	lit := &Rules{Router: r.Router, Extractor: r.Extractor}
	if lit.Version() != v0 {
		t.Errorf("literal rules version %s != parsed %s", lit.Version(), v0)
	}
}

func TestLoadBad(t *testing.T) {
	tests := []struct {
		file string
		want []string // substrings of the error
	}{
		{"syntax.yaml", []string{"syntax.yaml", "parse"}},
		{"unknown_key.yaml", []string{"colour", "not found"}},
		{"unknown_top_key.yaml", []string{"routing"}},
		{"unknown_queue.yaml", []string{`rule "c.words"`, `unknown queue "c"`}},
		{"bad_regex.yaml", []string{`rule "b.pattern"`, "(unclosed"}},
		{"no_fallback.yaml", []string{`fallback_queue "other"`}},
		{"bad_weight.yaml", []string{`rule "b.heavy"`, "weight"}},
		{"duplicate_rule.yaml", []string{`rule "b.words" defined twice`}},
		{"short_wildcard.yaml", []string{`rule "b.prefix"`, "re*"}},
		{"bad_sku_regex.yaml", []string{"sku_patterns", "[A-Z"}},
		{"ref_without_group.yaml", []string{"order_ref_patterns", "ref"}},
		{"bad_currency.yaml", []string{"dollar", "ISO 4217"}},
		{"empty.yaml", []string{"empty"}},
		{"description_queue.yaml", []string{"descriptions", `"c"`}},
		{"request_weight.yaml", []string{"request_weight 0.5"}},
		{"missing.yaml", []string{"missing.yaml", "no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := Load(filepath.Join("testdata", "bad", tt.file))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestLoadShippedFiles(t *testing.T) {
	files, _ := filepath.Glob("*.yaml")
	if len(files) == 0 {
		t.Fatal("no rules files")
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			if _, err := Load(f); err != nil {
				t.Fatal(err)
			}
		})
	}
	data, err := os.ReadFile("default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := Default()
	if r.Version() != d.Version() {
		t.Error("embedded default differs from default.yaml")
	}
}
