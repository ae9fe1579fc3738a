package deploy

import (
	"fmt"
	"regexp"
	"slices"
)

// The label the alert rules and the dashboard select triage's series by:
// the pod label podLabel, as Prometheus names it (alertLabel), with value
// alertValue. README.md and deploy/prometheus/README.md document it.
const (
	podLabel   = "app.kubernetes.io/name"
	alertLabel = "app_kubernetes_io_name"
	alertValue = "triage"
)

// sanitize is Prometheus' label name for a Kubernetes label key (every
// character outside [a-zA-Z0-9_] becomes _), as in
// __meta_kubernetes_pod_label_<name> and the operator's podTargetLabels.
func sanitize(k string) string {
	return regexp.MustCompile(`[^a-zA-Z0-9_]`).ReplaceAllString(k, "_")
}

// alertLabel: the pods carry the label the rules select.
func alertLabelCheck(b *bundle) error {
	if v := b.deployment.Spec.Template.Labels[podLabel]; v != alertValue {
		return fmt.Errorf("pod label %s is %q, the rules select %s=%q", podLabel, v, alertLabel, alertValue)
	}
	if sanitize(podLabel) != alertLabel {
		return fmt.Errorf("pod label %s becomes %s in Prometheus, not %s", podLabel, sanitize(podLabel), alertLabel)
	}
	return nil
}

// monitorSelects: the ServiceMonitor selects the Service, scrapes a port
// it has, and copies the pod label the rules select onto the series.
func monitorSelects(b *bundle) error {
	m := b.monitor.Spec
	if err := selects(&m.Selector, b.service.Labels); err != nil {
		return fmt.Errorf("ServiceMonitor %s: %w", b.monitor.Name, err)
	}
	if len(m.Endpoints) == 0 {
		return fmt.Errorf("ServiceMonitor %s has no endpoints", b.monitor.Name)
	}
	for _, e := range m.Endpoints {
		ok := false
		for _, p := range b.service.Spec.Ports {
			ok = ok || e.Port == p.Name
		}
		if !ok || (e.Path != "" && e.Path != "/metrics") {
			return fmt.Errorf("ServiceMonitor endpoint %q %s: not a port of Service %s serving /metrics", e.Port, e.Path, b.service.Name)
		}
	}
	if !slices.Contains(m.PodTargetLabels, podLabel) {
		return fmt.Errorf("ServiceMonitor podTargetLabels %v lack %s: its series would miss %s", m.PodTargetLabels, podLabel, alertLabel)
	}
	return nil
}

// monitorLabels are the target labels the Prometheus Operator gives a pod
// scraped through this ServiceMonitor (its generated relabelings for a
// Service endpoint): job is the Service's name unless jobLabel names a
// Service label; fixed are the labels whose value every pod shares.
func monitorLabels(b *bundle) (all []string, fixed map[string]string) {
	job := b.service.Name
	if l := b.monitor.Spec.JobLabel; l != "" {
		job = b.service.Labels[l]
	}
	fixed = map[string]string{"job": job, "service": b.service.Name, "container": b.deployment.Spec.Template.Spec.Containers[0].Name}
	for _, e := range b.monitor.Spec.Endpoints {
		fixed["endpoint"] = e.Port
	}
	for _, l := range b.monitor.Spec.PodTargetLabels {
		fixed[sanitize(l)] = b.deployment.Spec.Template.Labels[l]
	}
	all = []string{"instance", "namespace", "pod"}
	for k := range fixed {
		all = append(all, k)
	}
	slices.Sort(all)
	return all, fixed
}
