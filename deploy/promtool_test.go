package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// promtool returns the promtool binary, or skips the test (CI installs it
// with the Debian package prometheus; .ci/run also runs the rule tests).
func promtool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool not installed (Debian package prometheus)")
	}
	return p
}

func runPromtool(t *testing.T, args ...string) (string, error) {
	t.Helper()
	out, err := exec.Command(promtool(t), args...).CombinedOutput()
	return string(out), err
}

// The alerts fire, under promtool test rules, with the labels the
// documented scrape setups produce (TestPromtoolInputsCarryTheScrapedLabels
// checks the inputs); a TriageDown that selects job="triage", as before,
// fails those tests.
func TestAlertsFireUnderPromtool(t *testing.T) {
	if out, err := runPromtool(t, "test", "rules", "prometheus/triage_test.yml"); err != nil {
		t.Fatalf("promtool test rules: %v\n%s", err, out)
	}
	dir := t.TempDir()
	rules, err := os.ReadFile("prometheus/triage.rules.yml")
	if err != nil {
		t.Fatal(err)
	}
	tests, err := os.ReadFile("prometheus/triage_test.yml")
	if err != nil {
		t.Fatal(err)
	}
	old := strings.ReplaceAll(string(rules), `up{app_kubernetes_io_name="triage"}`, `up{job="triage"}`)
	if old == string(rules) {
		t.Fatal("triage.rules.yml has no up{app_kubernetes_io_name=\"triage\"} to replace")
	}
	os.WriteFile(filepath.Join(dir, "triage.rules.yml"), []byte(old), 0o600)
	os.WriteFile(filepath.Join(dir, "triage_test.yml"), tests, 0o600)
	out, err := runPromtool(t, "test", "rules", filepath.Join(dir, "triage_test.yml"))
	if err == nil || !strings.Contains(out, "TriageDown") {
		t.Fatalf("with up{job=\"triage\"} the promtool tests should fail on TriageDown; got %v\n%s", err, out)
	}
}

// Both Prometheus configurations pass promtool check config, rules
// included. Debian's promtool lacks Kubernetes discovery, so the copy of
// prometheus.yml checked here has a static target instead; compose's has
// its rule file where compose mounts it from.
func TestPrometheusConfigsPassPromtool(t *testing.T) {
	promtool(t)
	rules, err := filepath.Abs("prometheus/triage.rules.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"prometheus/prometheus.yml", "compose/prometheus.yml"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			var c map[string]any
			if err := yaml.Unmarshal(b, &c); err != nil {
				t.Fatal(err)
			}
			if rf, _ := c["rule_files"].([]any); len(rf) != 1 || filepath.Base(rf[0].(string)) != "triage.rules.yml" {
				t.Fatalf("rule_files %v: want the one triage.rules.yml", c["rule_files"])
			}
			c["rule_files"] = []string{rules}
			for _, sc := range c["scrape_configs"].([]any) {
				sc := sc.(map[string]any)
				if _, ok := sc["kubernetes_sd_configs"]; ok {
					delete(sc, "kubernetes_sd_configs")
					sc["static_configs"] = []any{map[string]any{"targets": []string{"10.0.1.11:9464"}}}
				}
			}
			out, err := yaml.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "prometheus.yml")
			os.WriteFile(file, out, 0o600)
			if res, err := runPromtool(t, "check", "config", file); err != nil {
				t.Fatalf("promtool check config (%s, adapted): %v\n%s", name, err, res)
			}
		})
	}
}
