package deploy

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// selectorRE finds the selectors of raw series in PromQL: up and triage_*
// metrics (recording rules, triage:*, carry no scrape labels).
var selectorRE = regexp.MustCompile(`\b(up|triage_[a-z0-9_]+)(\{[^}]*\})?`)

// unlabelled returns the selectors of expr that lack the matcher want.
func unlabelled(expr, want string) []string {
	var bad []string
	for _, m := range selectorRE.FindAllStringSubmatch(expr, -1) {
		if !strings.Contains(m[2], want) {
			bad = append(bad, m[0])
		}
	}
	return bad
}

var jobRE = regexp.MustCompile(`\bjob\s*(=|!=|=~|!~)`)

// selectorProblems: every rule expression selects alertLabel="alertValue",
// every dashboard query alertLabel="$app" with the variable app defaulting
// to alertValue, and neither mentions a job.
func selectorProblems(rules, dashboard string) []error {
	var errs []error
	var rf struct {
		Groups []struct {
			Rules []struct {
				Record string `yaml:"record"`
				Alert  string `yaml:"alert"`
				Expr   string `yaml:"expr"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal([]byte(rules), &rf); err != nil {
		return []error{err}
	}
	want := fmt.Sprintf("%s=%q", alertLabel, alertValue)
	n := 0
	for _, g := range rf.Groups {
		for _, r := range g.Rules {
			n++
			if bad := unlabelled(stripPromComments(r.Expr), want); len(bad) > 0 {
				errs = append(errs, fmt.Errorf("rule %s%s: %v lack %s", r.Record, r.Alert, bad, want))
			}
		}
	}
	if n == 0 {
		errs = append(errs, fmt.Errorf("no rules found"))
	}
	if jobRE.MatchString(rules) {
		errs = append(errs, fmt.Errorf("triage.rules.yml selects a job: %q", jobRE.FindString(rules)))
	}
	var d struct {
		Templating struct {
			List []struct {
				Name  string `json:"name"`
				Query string `json:"query"`
			} `json:"list"`
		} `json:"templating"`
	}
	if err := json.Unmarshal([]byte(dashboard), &d); err != nil {
		return append(errs, err)
	}
	app := ""
	for _, v := range d.Templating.List {
		if v.Name == "app" {
			app = v.Query
		}
	}
	if app != alertValue {
		errs = append(errs, fmt.Errorf("dashboard variable app defaults to %q, want %q", app, alertValue))
	}
	exprs := regexp.MustCompile(`"expr": ("(?:[^"\\]|\\.)*")`).FindAllStringSubmatch(dashboard, -1)
	if len(exprs) == 0 {
		errs = append(errs, fmt.Errorf("no dashboard queries found"))
	}
	for _, m := range exprs {
		var e string
		json.Unmarshal([]byte(m[1]), &e)
		if bad := unlabelled(e, alertLabel+`="$app"`); len(bad) > 0 {
			errs = append(errs, fmt.Errorf("dashboard query %s: %v lack %s=\"$app\"", e, bad, alertLabel))
		}
	}
	if jobRE.MatchString(dashboard) {
		errs = append(errs, fmt.Errorf("the dashboard selects a job: %q", jobRE.FindString(dashboard)))
	}
	return errs
}

// stripPromComments drops PromQL comments (the THRESHOLD notes).
func stripPromComments(expr string) string {
	var b strings.Builder
	for _, l := range strings.Split(expr, "\n") {
		l, _, _ = strings.Cut(l, "#")
		b.WriteString(l + "\n")
	}
	return b.String()
}

var alertFiles = []string{"prometheus/triage.rules.yml", "grafana/triage.json"}

// The rules and the dashboard select triage's series by the label the pods
// carry (alertLabelCheck) and every documented scrape setup produces
// (TestPromtoolInputsCarryTheScrapedLabels), never by a job.
func TestRulesAndDashboardSelectTheDocumentedLabel(t *testing.T) {
	fs := readFiles(t, alertFiles)
	for _, err := range selectorProblems(fs[alertFiles[0]], fs[alertFiles[1]]) {
		t.Error(err)
	}
}

func TestSelectorMutationsAreCaught(t *testing.T) {
	orig := readFiles(t, alertFiles)
	caught(t, orig, []edit{
		{"rule without the label", "prometheus/triage.rules.yml", `max by (topic, partition) (triage_partition_stalled{app_kubernetes_io_name="triage"})`, `max by (topic, partition) (triage_partition_stalled)`, "TriagePartitionStalled"},
		{"TriageDown by job", "prometheus/triage.rules.yml", `absent(up{app_kubernetes_io_name="triage"})`, `absent(up{job="triage"})`, "TriageDown"},
		{"recording rule with another value", "prometheus/triage.rules.yml", `increase(triage_llm_cost_usd_total{app_kubernetes_io_name="triage"}[1h])`, `increase(triage_llm_cost_usd_total{app_kubernetes_io_name="triage-old"}[1h])`, "triage:llm_cost_usd:increase1h"},
		{"dashboard query by job", "grafana/triage.json", `sum(up{app_kubernetes_io_name=\"$app\"})`, `sum(up{job=\"triage\"})`, "dashboard"},
		{"dashboard query without the label", "grafana/triage.json", `max by (topic, partition) (triage_consumer_lag{app_kubernetes_io_name=\"$app\"})`, `max by (topic, partition) (triage_consumer_lag)`, "dashboard query"},
		{"dashboard variable default", "grafana/triage.json", `"query": "triage"`, `"query": "triage-app"`, "variable app"},
	}, func(fs files) []error { return selectorProblems(fs[alertFiles[0]], fs[alertFiles[1]]) })
}
