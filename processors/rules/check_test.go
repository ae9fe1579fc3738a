package rules

import (
	"strings"
	"testing"
)

// lintee has one problem of each kind Check reports.
const lintee = `
router:
  queues: [billing, returns, sales, other]
  fallback_queue: other
  subject_weight: 2
  min_score: 1
  descriptions: {billing: "money charged or owed", returns: "goods going back", other: "the rest"}
  rules:
    - {name: b.words, queue: billing, weight: 2, terms: [refund*, "refund request", invoice, "charged twice"]}
    - {name: b.more, queue: billing, weight: 1, terms: [Invoice]}
    - {name: r.words, queue: returns, weight: 2, terms: [return*, "send it back"], patterns: ['\bwrong\s+size\b']}
    - {name: s.against, queue: sales, weight: -1, terms: [refund*]}
    - {name: o.words, queue: other, weight: 1, terms: [thanks]}
`

func TestCheckFindsEachKind(t *testing.T) {
	r, err := Parse([]byte(lintee))
	if err != nil {
		t.Fatal(err)
	}
	ex := []Example{
		{ID: "1", Body: "I was charged twice, please refund", Queue: "billing"},
		{ID: "2", Body: "I want to send it back, wrong size", Queue: "returns"},
		{ID: "3", Body: "I want to send it back", Queue: "returns"},
	}
	var got []string
	errs := 0
	for _, f := range Check(r, ex) {
		got = append(got, f.Kind+" "+f.Rule+f.Queue+" "+f.Term)
		if f.Error() {
			errs++
		}
		if !strings.Contains(f.String(), f.Kind) {
			t.Errorf("String %q lacks the kind", f)
		}
	}
	want := []string{
		"duplicate b.morebilling Invoice",
		"no-evidence sales ",
		"shadowed b.wordsbilling refund request",
		"no-description sales ",
		"single-record b.wordsbilling charged twice",
		`single-record r.wordsreturns \bwrong\s+size\b`,
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			t.Errorf("missing finding %q in %q", w, got)
		}
	}
	// "send it back" fires on two records, "refund request" on none: neither
	// is a single-record phrase; only the duplicate and the queue without
	// evidence are errors.
	if len(got) != len(want) || errs != 2 {
		t.Errorf("findings %q (%d errors), want exactly %q (2 errors)", got, errs, want)
	}
}

// The shipped default rules lint without errors: no term twice, every queue
// has evidence and a description.
func TestCheckDefaultRulesClean(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Check(r, nil) {
		if f.Error() || f.Kind == FindNoDescription {
			t.Errorf("default.yaml: %s", f)
		}
	}
}

func TestCovers(t *testing.T) {
	ph := func(term string) phrase {
		ps := newPhraseSet()
		id, err := ps.add(term)
		if err != nil {
			t.Fatal(err)
		}
		return ps.phrases[id]
	}
	for _, tt := range []struct {
		short, long string
		want        bool
	}{
		{"refund*", "refund request", true},
		{"refund", "refund request", true},
		{"refund", "refund* request", false}, // "refunds request" matches long only
		{"request", "refund request", true},
		{"bill", "billing address", false},
		{"bill*", "billing address", true},
		{"send back", "send it back", false},
	} {
		if got := covers(ph(tt.short), ph(tt.long)); got != tt.want {
			t.Errorf("covers(%q, %q) = %v, want %v", tt.short, tt.long, got, tt.want)
		}
	}
}
