package deploy

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/triage/triage/internal/config"
)

// service is the part of a Compose service the checks read.
type service struct {
	Image       string            `yaml:"image"`
	Build       string            `yaml:"build"`
	Entrypoint  []string          `yaml:"entrypoint"`
	Command     []string          `yaml:"command"`
	Environment map[string]string `yaml:"environment"`
	Volumes     []string          `yaml:"volumes"`
	Profiles    []string          `yaml:"profiles"`
	User        string            `yaml:"user"`
	ReadOnly    bool              `yaml:"read_only"`
	CapDrop     []string          `yaml:"cap_drop"`
}

// mount is one bind mount of a service, its source resolved against deploy/.
type mount struct{ src, dst string }

func (s service) mounts() []mount {
	var ms []mount
	for _, v := range s.Volumes {
		parts := strings.Split(v, ":")
		if len(parts) >= 2 && (strings.HasPrefix(parts[0], ".") || strings.HasPrefix(parts[0], "/")) {
			ms = append(ms, mount{filepath.Clean(parts[0]), parts[1]})
		}
	}
	return ms
}

// hostPath is the file of the repository a container path of s comes from.
func (s service) hostPath(p string) (string, bool) {
	for _, m := range s.mounts() {
		if p == m.dst {
			return m.src, true
		}
		if rel, err := filepath.Rel(m.dst, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.Join(m.src, rel), true
		}
	}
	return "", false
}

// flag returns the value of --name or --name=value in args.
func flag(args []string, name string) string {
	for i, a := range args {
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

// interpolate expands ${VAR:-default} as Compose does, from env.
func interpolate(s string, env map[string]string) string {
	return regexp.MustCompile(`\$\{(\w+):-([^}]*)\}`).ReplaceAllStringFunc(s, func(m string) string {
		p := regexp.MustCompile(`\$\{(\w+):-([^}]*)\}`).FindStringSubmatch(m)
		if v := env[p[1]]; v != "" {
			return v
		}
		return p[2]
	})
}

// composeProblems validates compose.yaml against the Compose Specification
// and checks what it runs: every mounted file and the build context exist;
// triage runs hardened with its configuration (which loads, rules only
// and with the README's llm-sim URL); Prometheus loads triage.rules.yml and
// scrapes triage's admin port; Grafana finds the dashboard; llm-sim serves
// the URL and model triage uses.
func composeProblems(fs files) []error {
	js, err := sigsyaml.YAMLToJSON([]byte(fs["compose.yaml"]))
	if err != nil {
		return []error{err}
	}
	if err := composeSchema().Validate(instance(js)); err != nil {
		return []error{fmt.Errorf("compose schema: %w", err)}
	}
	var c struct {
		Services map[string]service `yaml:"services"`
	}
	if err := yaml.Unmarshal([]byte(fs["compose.yaml"]), &c); err != nil {
		return []error{err}
	}
	var errs []error
	for name, s := range c.Services {
		for _, m := range s.mounts() {
			if _, ok := fs[m.src]; !ok {
				if _, err := os.Stat(m.src); err != nil {
					errs = append(errs, fmt.Errorf("service %s mounts %s, which does not exist", name, m.src))
				}
			}
		}
		if s.Build != "" {
			if _, err := os.Stat(filepath.Join(s.Build, "Dockerfile")); err != nil {
				errs = append(errs, fmt.Errorf("service %s builds %s, which has no Dockerfile", name, s.Build))
			}
		}
	}
	tr, ok := c.Services["triage"]
	if !ok {
		return append(errs, errors.New("no service triage"))
	}
	cfgFile, ok := tr.hostPath(flag(tr.Command, "--config"))
	if !ok || len(tr.Entrypoint) > 0 {
		return append(errs, fmt.Errorf("triage: command %q must be run's flags with a --config mounted from the repository", tr.Command))
	}
	if !tr.ReadOnly || !slices.Equal(tr.CapDrop, []string{"ALL"}) || tr.User != "65532:65532" {
		errs = append(errs, errors.New("triage: want read_only, cap_drop [ALL] and the image's user 65532:65532"))
	}
	readme := regexp.MustCompile(`TRIAGE_LLM_BASE_URL=(\S+) docker compose -f deploy/compose.yaml --profile llm-sim up`).FindStringSubmatch(fs["../README.md"])
	if readme == nil {
		return append(errs, errors.New("README.md shows no TRIAGE_LLM_BASE_URL=... docker compose -f deploy/compose.yaml --profile llm-sim up"))
	}
	var cfg config.Config
	for _, env := range []map[string]string{{}, {"TRIAGE_LLM_BASE_URL": readme[1]}} {
		vars := map[string]string{}
		for k, v := range tr.Environment {
			vars[k] = interpolate(v, env)
		}
		lookup := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
		cfg, err = loadConfig(fs, cfgFile, lookup)
		if err != nil {
			return append(errs, fmt.Errorf("triage's configuration %s with %v: %w", cfgFile, env, err))
		}
	}
	_, adminPort, _ := net.SplitHostPort(cfg.Admin.Addr)
	errs = append(errs, llmSimProblems(c.Services["llm-sim"], readme[1], cfg)...)
	errs = append(errs, prometheusProblems(fs, c.Services["prometheus"], "triage:"+adminPort)...)
	return append(errs, grafanaProblems(fs, c.Services["grafana"], c.Services)...)
}

// loadConfig loads a configuration file given by its path under deploy/,
// from fs (so mutations apply).
func loadConfig(fs files, name string, lookup func(string) (string, bool)) (config.Config, error) {
	f, err := os.CreateTemp("", "deploy-compose-*.yaml")
	if err != nil {
		return config.Config{}, err
	}
	defer os.Remove(f.Name())
	_, err = f.WriteString(fs[name])
	if err := errors.Join(err, f.Close()); err != nil {
		return config.Config{}, err
	}
	c, err := config.Load(f.Name(), lookup, nil)
	if err != nil {
		err = errors.New(strings.ReplaceAll(err.Error(), f.Name(), name))
	}
	return c, err
}

// llmSimProblems: the simulator listens where the README's URL points and
// accepts triage's model.
func llmSimProblems(s service, base string, cfg config.Config) []error {
	u, err := url.Parse(base)
	if err != nil {
		return []error{err}
	}
	_, port, _ := net.SplitHostPort(flag(s.Command, "--addr"))
	if !slices.Equal(s.Entrypoint, []string{"/usr/local/bin/triage", "llm-sim"}) || !slices.Contains(s.Profiles, "llm-sim") {
		return []error{fmt.Errorf("llm-sim: want entrypoint triage llm-sim in profile llm-sim, got %q %q", s.Entrypoint, s.Profiles)}
	}
	if u.Hostname() != "llm-sim" || u.Port() != port {
		return []error{fmt.Errorf("README's TRIAGE_LLM_BASE_URL %s is not llm-sim's --addr port %s", base, port)}
	}
	if m := flag(s.Command, "--model"); m != cfg.LLM.Model {
		return []error{fmt.Errorf("llm-sim accepts model %q, triage asks for %q", m, cfg.LLM.Model)}
	}
	return nil
}

// prometheusProblems: compose's Prometheus loads deploy/prometheus/
// triage.rules.yml through its mounts and scrapes target (triage's admin).
func prometheusProblems(fs files, s service, target string) []error {
	cfgFile, ok := s.hostPath(flag(s.Command, "--config.file"))
	if !ok {
		return []error{fmt.Errorf("prometheus: --config.file %q is not mounted from the repository", flag(s.Command, "--config.file"))}
	}
	pc, err := parseProm(fs[cfgFile])
	if err != nil {
		return []error{err}
	}
	var rules []string
	for _, r := range pc.RuleFiles {
		if !path.IsAbs(r) {
			r = path.Join(path.Dir(flag(s.Command, "--config.file")), r)
		}
		if h, ok := s.hostPath(r); ok {
			rules = append(rules, h)
		}
	}
	var errs []error
	if !slices.Contains(rules, "prometheus/triage.rules.yml") {
		errs = append(errs, fmt.Errorf("prometheus loads rules %v (from the repository: %v), not prometheus/triage.rules.yml", pc.RuleFiles, rules))
	}
	found := false
	for _, sc := range pc.ScrapeConfigs {
		for _, st := range sc.StaticConfigs {
			found = found || slices.Contains(st.Targets, target)
		}
	}
	if !found {
		errs = append(errs, fmt.Errorf("prometheus scrapes no %s", target))
	}
	return errs
}

// grafanaProblems: the dashboard provider reads the directory where the
// dashboard is mounted, and the data source is the prometheus service.
func grafanaProblems(fs files, s service, all map[string]service) []error {
	prov, ok := s.hostPath("/etc/grafana/provisioning")
	if !ok {
		return []error{errors.New("grafana: /etc/grafana/provisioning is not mounted from the repository")}
	}
	var dash struct {
		Providers []struct {
			Options struct {
				Path string `yaml:"path"`
			} `yaml:"options"`
		} `yaml:"providers"`
	}
	var ds struct {
		Datasources []struct {
			URL string `yaml:"url"`
		} `yaml:"datasources"`
	}
	yaml.Unmarshal([]byte(fs[filepath.Join(prov, "dashboards/triage.yml")]), &dash)
	yaml.Unmarshal([]byte(fs[filepath.Join(prov, "datasources/prometheus.yml")]), &ds)
	var errs []error
	if len(dash.Providers) != 1 {
		return []error{errors.New("grafana: want one dashboard provider")}
	}
	if h, ok := s.hostPath(path.Join(dash.Providers[0].Options.Path, "triage.json")); !ok || h != "grafana/triage.json" {
		errs = append(errs, fmt.Errorf("grafana: the provider reads %s, where grafana/triage.json is not mounted", dash.Providers[0].Options.Path))
	}
	if len(ds.Datasources) != 1 {
		return append(errs, errors.New("grafana: want one data source"))
	}
	u, err := url.Parse(ds.Datasources[0].URL)
	if _, ok := all[u.Hostname()]; err != nil || !ok || u.Hostname() != "prometheus" {
		errs = append(errs, fmt.Errorf("grafana: data source %s is not the prometheus service", ds.Datasources[0].URL))
	}
	return errs
}

// composeFiles are the files compose.yaml uses, relative to deploy/.
var composeFiles = []string{
	"compose.yaml", "compose/triage.yaml", "compose/prometheus.yml", "prometheus/triage.rules.yml",
	"grafana/triage.json", "grafana/provisioning/dashboards/triage.yml", "grafana/provisioning/datasources/prometheus.yml", "../README.md",
}

func TestComposeIsValidAndConsistent(t *testing.T) {
	for _, err := range composeProblems(readFiles(t, composeFiles)) {
		t.Error(err)
	}
}

func TestComposeMutationsAreCaught(t *testing.T) {
	orig := readFiles(t, composeFiles)
	caught(t, orig, []edit{
		{"unknown service key", "compose.yaml", "    read_only: true\n    tmpfs:", "    readonly: true\n    tmpfs:", "compose schema"},
		{"wrong condition", "compose.yaml", "condition: service_completed_successfully", "condition: service_done", "compose schema"},
		{"missing mounted file", "compose.yaml", "./compose/triage.yaml:/etc/triage/triage.yaml:ro", "./compose/triage.yml:/etc/triage/triage.yaml:ro", "does not exist"},
		{"no build context", "compose.yaml", "  triage:\n    build: ..", "  triage:\n    build: ../deploy", "no Dockerfile"},
		{"rules not mounted", "compose.yaml", "./prometheus/triage.rules.yml:/etc/prometheus/triage.rules.yml:ro", "./prometheus/triage.rules.yml:/etc/prometheus/rules.yml:ro", "not prometheus/triage.rules.yml"},
		{"rules not loaded", "compose/prometheus.yml", "  - /etc/prometheus/triage.rules.yml", "  - /etc/prometheus/other.rules.yml", "not prometheus/triage.rules.yml"},
		{"wrong scrape port", "compose/prometheus.yml", `targets: ["triage:9464"]`, `targets: ["triage:8080"]`, "scrapes no triage:9464"},
		{"invalid triage config", "compose/triage.yaml", "  group_id: triage", "  groupid: triage", "triage's configuration"},
		{"writable triage", "compose.yaml", "    read_only: true\n    tmpfs:", "    read_only: false\n    tmpfs:", "want read_only"},
		{"llm-sim elsewhere", "compose.yaml", `"--addr", "0.0.0.0:8089"`, `"--addr", "0.0.0.0:8090"`, "not llm-sim's --addr"},
		{"llm-sim model", "compose.yaml", `"--model", "gpt-4o-mini"`, `"--model", "gpt-4o"`, "accepts model"},
		{"dashboard elsewhere", "grafana/provisioning/dashboards/triage.yml", "path: /etc/grafana/dashboards", "path: /var/lib/grafana/dashboards", "grafana: the provider"},
		{"data source elsewhere", "grafana/provisioning/datasources/prometheus.yml", "url: http://prometheus:9090", "url: http://localhost:9090", "data source"},
	}, composeProblems)
}
