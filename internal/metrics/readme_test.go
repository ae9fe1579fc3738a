package metrics

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The README's metrics table is the contract: it lists exactly the triage_
// metrics this package and the review backlog (internal/review/stats.go)
// define.
func TestREADMEListsEveryMetric(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "| metric | labels | meaning |\n")
	if !ok {
		t.Fatal("README has no metrics table")
	}
	table, _, _ = strings.Cut(table, "\n\n")
	name := regexp.MustCompile("`(triage_[a-z0-9_]+)`")
	var documented []string
	for _, line := range strings.Split(table, "\n") {
		first, _, _ := strings.Cut(strings.TrimPrefix(line, "|"), "|")
		for _, m := range name.FindAllStringSubmatch(first, -1) {
			documented = append(documented, m[1])
		}
	}
	var defined []string
	literal := regexp.MustCompile(`"(triage_[a-z0-9_]+)"`)
	for _, f := range []string{"metrics.go", "../review/stats.go"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			defined = append(defined, m[1])
		}
	}
	slices.Sort(documented)
	slices.Sort(defined)
	if !slices.Equal(slices.Compact(documented), slices.Compact(defined)) {
		t.Errorf("README metrics table:\n%v\ndefined:\n%v", documented, defined)
	}
}
