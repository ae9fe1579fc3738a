package deploy

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every query of the Grafana dashboard is valid PromQL: promtool checks
// them as recording rules, with the dashboard's variables filled in.
func TestDashboardQueriesParse(t *testing.T) {
	raw, err := os.ReadFile("grafana/triage.json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("groups:\n- name: dashboard\n  rules:\n")
	n := 0
	fill := strings.NewReplacer("$__rate_interval", "5m", "$app", "triage", "${datasource}", "prometheus")
	for _, p := range d.Panels {
		for _, q := range p.Targets {
			expr, _ := json.Marshal(fill.Replace(q.Expr))
			fmt.Fprintf(&b, "  - record: dashboard:query%d\n    expr: %s\n", n, expr)
			n++
		}
	}
	if n < 20 {
		t.Fatalf("only %d queries in the dashboard", n)
	}
	path := filepath.Join(t.TempDir(), "dashboard.rules.yml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := runPromtool(t, "check", "rules", path); err != nil {
		t.Fatalf("promtool check rules on the dashboard's queries: %v\n%s", err, out)
	}
}
