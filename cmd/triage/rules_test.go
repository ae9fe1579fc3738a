package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// "triage rules check" lints the embedded default rules without an error,
// counts phrases on labelled data, and fails on a rules file with a
// duplicate term or a queue no rule votes for.
func TestCmdRulesCheck(t *testing.T) {
	code, stdout, stderr := triage(t, nil, "rules", "check", "--data", evalData+"route_small.jsonl")
	if code != 0 || !strings.Contains(stdout, "0 errors") || !strings.Contains(stdout, "(5 labelled records)") {
		t.Fatalf("default rules: code %d\n%s\n%s", code, stdout, stderr)
	}

	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte(`
router:
  queues: [billing, sales, other]
  fallback_queue: other
  subject_weight: 2
  min_score: 1
  rules:
    - {name: b.words, queue: billing, weight: 2, terms: [invoice, refund]}
    - {name: o.words, queue: other, weight: 2, terms: [Invoice]}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = triage(t, nil, "rules", "check", "--rules", bad, "--json")
	var found []struct{ Kind, Queue, Term string }
	if err := json.Unmarshal([]byte(stdout), &found); err != nil {
		t.Fatalf("--json: %v\n%s", err, stdout)
	}
	kinds := map[string]bool{}
	for _, f := range found {
		kinds[f.Kind] = true
	}
	if code != 1 || !kinds["duplicate"] || !kinds["no-evidence"] || !kinds["no-description"] {
		t.Errorf("bad rules: code %d, findings %+v", code, found)
	}

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"rules", "check", "extra"}, 2, "usage: triage rules check"},
		{[]string{"rules", "check", "--rules", "nope.yaml"}, 2, "nope.yaml"},
		{[]string{"rules", "check", "--data", "nope.jsonl"}, 1, "nope.jsonl"},
		{[]string{"rules", "lint"}, 2, "suggest|check"},
	} {
		code, _, stderr := triage(t, nil, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: code %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}
