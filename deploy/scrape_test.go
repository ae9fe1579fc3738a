package deploy

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// promConfig is the part of a Prometheus configuration the tests read.
type promConfig struct {
	RuleFiles     []string `yaml:"rule_files"`
	ScrapeConfigs []struct {
		JobName             string           `yaml:"job_name"`
		MetricsPath         string           `yaml:"metrics_path"`
		KubernetesSDConfigs []map[string]any `yaml:"kubernetes_sd_configs"`
		StaticConfigs       []struct {
			Targets []string          `yaml:"targets"`
			Labels  map[string]string `yaml:"labels"`
		} `yaml:"static_configs"`
		RelabelConfigs []relabelConfig `yaml:"relabel_configs"`
	} `yaml:"scrape_configs"`
}

func parseProm(s string) (promConfig, error) {
	var c promConfig
	err := yaml.Unmarshal([]byte(s), &c)
	return c, err
}

// setup is the labels one documented scrape setup gives a triage target:
// every name in all, with the values in fixed (the others differ per pod).
type setup struct {
	name  string
	all   []string
	fixed map[string]string
}

// podTarget is the target Kubernetes pod discovery makes of one pod of the
// Deployment, for its admin port: the __meta_kubernetes_pod_* labels.
func podTarget(b *bundle, job string) (map[string]string, error) {
	c, err := b.container()
	if err != nil {
		return nil, err
	}
	tmpl := b.deployment.Spec.Template
	ls := map[string]string{
		"job": job, "__metrics_path__": "/metrics", "__scheme__": "http",
		"__meta_kubernetes_namespace": "triage", "__meta_kubernetes_pod_name": "triage-6d5f7b8c9d-x7k2p",
		"__meta_kubernetes_pod_ip": "10.0.1.11", "__meta_kubernetes_pod_phase": "Running", "__meta_kubernetes_pod_ready": "true",
		"__meta_kubernetes_pod_container_name": c.Name,
	}
	podLabels := maps.Clone(tmpl.Labels)
	podLabels["pod-template-hash"] = "6d5f7b8c9d" // added to the pods by their ReplicaSet
	for k, v := range podLabels {
		ls["__meta_kubernetes_pod_label_"+sanitize(k)] = v
		ls["__meta_kubernetes_pod_labelpresent_"+sanitize(k)] = "true"
	}
	for k, v := range tmpl.Annotations {
		ls["__meta_kubernetes_pod_annotation_"+sanitize(k)] = v
		ls["__meta_kubernetes_pod_annotationpresent_"+sanitize(k)] = "true"
	}
	if len(c.Ports) == 0 {
		return nil, errors.New("the container declares no port")
	}
	ls["__address__"] = fmt.Sprintf("10.0.1.11:%d", c.Ports[0].ContainerPort)
	ls["__meta_kubernetes_pod_container_port_name"] = c.Ports[0].Name
	return ls, nil
}

// annotationSetup applies the kubernetes-pods job of prometheus.yml to a
// pod of the Deployment: the pod must be scraped on its admin port at
// /metrics, with the label the rules select.
func annotationSetup(b *bundle, promYML string) (setup, error) {
	pc, err := parseProm(promYML)
	if err != nil {
		return setup{}, err
	}
	for _, sc := range pc.ScrapeConfigs {
		if len(sc.KubernetesSDConfigs) == 0 || sc.KubernetesSDConfigs[0]["role"] != "pod" {
			continue
		}
		meta, err := podTarget(b, sc.JobName)
		if err != nil {
			return setup{}, err
		}
		ls, kept, err := relabel(meta, sc.RelabelConfigs)
		switch {
		case err != nil:
			return setup{}, err
		case !kept:
			return setup{}, fmt.Errorf("job %s drops triage's pods", sc.JobName)
		case ls["__address__"] != meta["__address__"] || ls["__metrics_path__"] != "/metrics":
			return setup{}, fmt.Errorf("job %s scrapes %s%s, not the admin port's /metrics", sc.JobName, ls["__address__"], ls["__metrics_path__"])
		}
		tl := targetLabels(ls)
		if tl[alertLabel] != alertValue {
			return setup{}, fmt.Errorf("job %s gives triage's series no %s=%q (labels %v)", sc.JobName, alertLabel, alertValue, tl)
		}
		s := setup{name: "annotations (" + sc.JobName + ")", fixed: map[string]string{}}
		for k, v := range tl {
			s.all = append(s.all, k)
			if !slices.Contains([]string{"instance", "pod", "pod_template_hash", "namespace"}, k) {
				s.fixed[k] = v
			}
		}
		slices.Sort(s.all)
		return s, nil
	}
	return setup{}, errors.New("prometheus.yml has no job with Kubernetes pod discovery")
}

// composeSetup is the static target of compose's Prometheus: its labels
// are all fixed.
func composeSetup(promYML string) (setup, error) {
	pc, err := parseProm(promYML)
	if err != nil {
		return setup{}, err
	}
	for _, sc := range pc.ScrapeConfigs {
		for _, st := range sc.StaticConfigs {
			fixed := maps.Clone(st.Labels)
			if fixed == nil {
				fixed = map[string]string{}
			}
			fixed["job"] = sc.JobName
			fixed["instance"] = st.Targets[0]
			if fixed[alertLabel] != alertValue {
				return setup{}, fmt.Errorf("compose's job %s gives triage's series no %s=%q", sc.JobName, alertLabel, alertValue)
			}
			return setup{name: "compose", all: slices.Sorted(maps.Keys(fixed)), fixed: fixed}, nil
		}
	}
	return setup{}, errors.New("compose's prometheus.yml has no static target")
}

var seriesRE = regexp.MustCompile(`^(\w+)\{(.*)\}$`)
var matcherRE = regexp.MustCompile(`(\w+)="([^"]*)"`)

// inputProblems checks every input series of the promtool tests: each
// triage series carries the labels of one documented setup, the series of
// triage's own metrics those of the annotation setup, and the TriageDown
// cases cover every setup.
func inputProblems(testYML string, setups []setup) []error {
	var tf struct {
		Tests []struct {
			InputSeries []struct {
				Series string `yaml:"series"`
			} `yaml:"input_series"`
		} `yaml:"tests"`
	}
	if err := yaml.Unmarshal([]byte(testYML), &tf); err != nil {
		return []error{err}
	}
	var errs []error
	upCovered := map[string]bool{}
	for _, tc := range tf.Tests {
		for _, in := range tc.InputSeries {
			m := seriesRE.FindStringSubmatch(strings.TrimSpace(in.Series))
			if m == nil {
				errs = append(errs, fmt.Errorf("series %q: want name{labels}", in.Series))
				continue
			}
			ls := map[string]string{}
			for _, kv := range matcherRE.FindAllStringSubmatch(m[2], -1) {
				ls[kv[1]] = kv[2]
			}
			if v, ok := ls[alertLabel]; !ok || v != alertValue {
				if !ok {
					errs = append(errs, fmt.Errorf("series %s has no %s: no documented setup scrapes it", in.Series, alertLabel))
				}
				continue // another application's series
			}
			matched := ""
			for _, s := range setups {
				if s.matches(ls) {
					matched = s.name
					break
				}
			}
			switch {
			case matched == "":
				errs = append(errs, fmt.Errorf("series %s carries the labels of no documented setup %v", in.Series, setups))
			case m[1] == "up":
				upCovered[matched] = true
			case matched != setups[0].name:
				errs = append(errs, fmt.Errorf("series %s: triage's metrics carry the labels of %s", in.Series, setups[0].name))
			}
		}
	}
	for _, s := range setups {
		if !upCovered[s.name] {
			errs = append(errs, fmt.Errorf("no TriageDown case (series up) with the labels of %s", s.name))
		}
	}
	return errs
}

// matches reports whether ls has every label of s, with s's fixed values.
func (s setup) matches(ls map[string]string) bool {
	for _, k := range s.all {
		if _, ok := ls[k]; !ok {
			return false
		}
	}
	for k, v := range s.fixed {
		if ls[k] != v {
			return false
		}
	}
	return true
}

// scrapeFiles are the files the scrape-label checks read, relative to deploy/.
var scrapeFiles = []string{"prometheus/prometheus.yml", "prometheus/triage_test.yml", "compose/prometheus.yml"}

// scrapeProblems derives the labels of every documented setup from the
// manifests and Prometheus configurations, and checks the promtool inputs
// against them.
func scrapeProblems(b *bundle, fs files) []error {
	ann, err := annotationSetup(b, fs["prometheus/prometheus.yml"])
	if err != nil {
		return []error{err}
	}
	comp, err := composeSetup(fs["compose/prometheus.yml"])
	if err != nil {
		return []error{err}
	}
	all, fixed := monitorLabels(b)
	mon := setup{name: "ServiceMonitor", all: all, fixed: fixed}
	return inputProblems(fs["prometheus/triage_test.yml"], []setup{ann, mon, comp})
}

func readFiles(t *testing.T, names []string) files {
	t.Helper()
	fs := files{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		fs[n] = string(b)
	}
	return fs
}

// The promtool tests feed the rules exactly the labels that the documented
// scrape setups give triage's series: the kubernetes-pods job of
// prometheus.yml applied to the Deployment's pod, the ServiceMonitor, and
// compose's static target.
func TestPromtoolInputsCarryTheScrapedLabels(t *testing.T) {
	b, err := load(readManifests(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range scrapeProblems(b, readFiles(t, scrapeFiles)) {
		t.Error(err)
	}
}

func TestScrapeLabelMutationsAreCaught(t *testing.T) {
	b, err := load(readManifests(t))
	if err != nil {
		t.Fatal(err)
	}
	orig := readFiles(t, scrapeFiles)
	caught(t, orig, []edit{
		{"no labelmap", "prometheus/prometheus.yml", "regex: __meta_kubernetes_pod_label_(.+)", "regex: __meta_kubernetes_pod_labelx_(.+)", "gives triage's series no"},
		{"pods not kept", "prometheus/prometheus.yml", "__meta_kubernetes_pod_annotation_prometheus_io_scrape]\n        action: keep", "__meta_kubernetes_pod_annotation_prometheus_io_scrapes]\n        action: keep", "drops triage's pods"},
		{"port annotation ignored", "prometheus/prometheus.yml", "replacement: $1:$2", "replacement: $1:9100", "not the admin port"},
		{"compose without the label", "compose/prometheus.yml", "app_kubernetes_io_name: triage", "app: triage", "compose's job"},
		{"input series with another job", "prometheus/triage_test.yml", `triage_consumer_lag{job="kubernetes-pods"`, `triage_consumer_lag{job="triage"`, "carries the labels of no"},
		{"input series without the label", "prometheus/triage_test.yml", `, app_kubernetes_io_name="triage", pod_template_hash="6d5f7b8c9d"}`, `, pod_template_hash="6d5f7b8c9d"}`, "has no app_kubernetes_io_name"},
		{"input series without the pod", "prometheus/triage_test.yml", `triage_decisions_total{job="kubernetes-pods", instance="10.0.1.11:9464", namespace="triage", pod="triage-6d5f7b8c9d-x7k2p", `, `triage_decisions_total{job="kubernetes-pods", instance="10.0.1.11:9464", namespace="triage", `, "carries the labels of no"},
		{"metrics with compose labels", "prometheus/triage_test.yml", `triage_partition_stalled{job="kubernetes-pods", instance="10.0.1.11:9464", namespace="triage", pod="triage-6d5f7b8c9d-x7k2p", app_kubernetes_io_name="triage", pod_template_hash="6d5f7b8c9d"`, `triage_partition_stalled{job="triage", instance="triage:9464", app_kubernetes_io_name="triage"`, "carry the labels of annotations"},
		{"no ServiceMonitor case", "prometheus/triage_test.yml", `up{job="triage", instance="10.0.1.11:9464", namespace="triage", service="triage"`, `up{job="triage", instance="10.0.1.11:9464", namespace="triage", svc="triage"`, "carries the labels of no"},
	}, func(fs files) []error { return scrapeProblems(b, fs) })
}
