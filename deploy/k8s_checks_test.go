package deploy

import (
	"errors"
	"fmt"
	"net"
	"path"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/triage/triage/internal/config"
)

// check is one consistency rule over the decoded manifests.
type check struct {
	name string
	run  func(b *bundle) error
}

// checks are the rules TestManifestsAreConsistent applies, named so that
// the mutation table can say which one must catch a broken copy.
var checks = []check{
	{"pod security", podSecurity},
	{"container security", containerSecurity},
	{"command", command},
	{"probes", probes},
	{"volumes", volumes},
	{"secret files", secretFiles},
	{"config", configLoads},
	{"grace period", gracePeriod},
	{"pdb", pdbSelects},
	{"service", serviceSelects},
	{"servicemonitor", monitorSelects},
	{"keda", kedaMatches},
	{"alert label", alertLabelCheck},
}

// runChecks applies every check, each error prefixed with its name.
func runChecks(b *bundle) []error {
	var errs []error
	for _, c := range checks {
		if err := c.run(b); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.name, err))
		}
	}
	return errs
}

// containerConfig is the triage container and the ConfigMap's configuration.
func (b *bundle) containerConfig() (*corev1.Container, config.Config, error) {
	c, err := b.container()
	if err != nil {
		return nil, config.Config{}, err
	}
	cfg, err := b.rawConfig()
	return c, cfg, err
}

func (b *bundle) pod() *corev1.PodSpec { return &b.deployment.Spec.Template.Spec }

// container is the triage container (the pod's only one).
func (b *bundle) container() (*corev1.Container, error) {
	cs := b.pod().Containers
	if len(cs) != 1 {
		return nil, fmt.Errorf("the pod has %d containers, want 1", len(cs))
	}
	return &cs[0], nil
}

func podSecurity(b *bundle) error {
	p := b.pod()
	sc := p.SecurityContext
	switch {
	case sc == nil:
		return errors.New("no pod securityContext")
	case sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot:
		return errors.New("runAsNonRoot is not true")
	case sc.RunAsUser == nil || *sc.RunAsUser == 0:
		return errors.New("runAsUser must be the image's non-root uid")
	case sc.SeccompProfile == nil || sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault:
		return errors.New("seccompProfile is not RuntimeDefault")
	case p.AutomountServiceAccountToken == nil || *p.AutomountServiceAccountToken:
		return errors.New("automountServiceAccountToken must be false (triage never calls the API)")
	case p.HostNetwork || p.HostPID || p.HostIPC:
		return errors.New("host namespaces are shared")
	}
	return nil
}

func containerSecurity(b *bundle) error {
	c, err := b.container()
	if err != nil {
		return err
	}
	sc := c.SecurityContext
	switch {
	case sc == nil:
		return errors.New("no container securityContext")
	case sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot:
		return errors.New("runAsNonRoot is not true")
	case sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem:
		return errors.New("readOnlyRootFilesystem is not true")
	case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
		return errors.New("allowPrivilegeEscalation is not false")
	case sc.Privileged != nil && *sc.Privileged:
		return errors.New("privileged")
	case sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(sc.Capabilities.Add) > 0:
		return errors.New("capabilities must drop [ALL] and add none")
	case sc.SeccompProfile == nil || sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault:
		return errors.New("seccompProfile is not RuntimeDefault")
	}
	return nil
}

// command: the image's entrypoint is "triage run" and it has no shell, so
// the container sets only run's flags, and the config path is the
// ConfigMap's key where the config volume is mounted.
func command(b *bundle) error {
	c, err := b.container()
	if err != nil {
		return err
	}
	repo, tag, _ := strings.Cut(c.Image, ":")
	if repo != "ghcr.io/triage/triage" || tag == "" || tag == "latest" {
		return fmt.Errorf("image %q: want ghcr.io/triage/triage:<version>", c.Image)
	}
	if len(c.Command) > 0 {
		return fmt.Errorf("command %q overrides the image's entrypoint (triage run)", c.Command)
	}
	if len(c.Args) != 2 || c.Args[0] != "--config" {
		return fmt.Errorf("args %q: want [--config <file>]", c.Args)
	}
	dir, key := path.Split(c.Args[1])
	m := mountOf(c, strings.TrimSuffix(dir, "/"))
	if m == nil || volume(b, m.Name) == nil || volume(b, m.Name).ConfigMap == nil ||
		volume(b, m.Name).ConfigMap.Name != b.configMap.Name || b.configMap.Data[key] == "" {
		return fmt.Errorf("--config %s is not key %q of ConfigMap %s mounted there", c.Args[1], key, b.configMap.Name)
	}
	return nil
}

// probes: every probe is an HTTP GET (no exec: the image has no shell) on
// the named port that serves admin.addr.
func probes(b *bundle) error {
	c, cfg, err := b.containerConfig()
	if err != nil {
		return err
	}
	_, adminPort, _ := net.SplitHostPort(cfg.Admin.Addr)
	want := map[string]string{"liveness": "/healthz", "readiness": "/readyz", "startup": "/healthz"}
	for kind, p := range map[string]*corev1.Probe{"liveness": c.LivenessProbe, "readiness": c.ReadinessProbe, "startup": c.StartupProbe} {
		if p == nil || p.HTTPGet == nil {
			return fmt.Errorf("%s probe must be an httpGet", kind)
		}
		if p.HTTPGet.Path != want[kind] {
			return fmt.Errorf("%s probe path %s, want %s", kind, p.HTTPGet.Path, want[kind])
		}
		port := p.HTTPGet.Port
		if port.StrVal == "" {
			return fmt.Errorf("%s probe port %s is not a named port", kind, port.String())
		}
		cp := containerPort(c, port.StrVal)
		if cp == nil {
			return fmt.Errorf("%s probe port %q is not a container port", kind, port.StrVal)
		}
		if fmt.Sprint(cp.ContainerPort) != adminPort {
			return fmt.Errorf("port %s is %d, but admin.addr is %q", cp.Name, cp.ContainerPort, cfg.Admin.Addr)
		}
	}
	return nil
}

// volumes: with a read-only root filesystem /tmp is an emptyDir; the
// config and the secrets are mounted read-only.
func volumes(b *bundle) error {
	c, err := b.container()
	if err != nil {
		return err
	}
	tmp := mountOf(c, "/tmp")
	if tmp == nil || volume(b, tmp.Name) == nil || volume(b, tmp.Name).EmptyDir == nil {
		return errors.New("no emptyDir at /tmp")
	}
	for _, m := range c.VolumeMounts {
		v := volume(b, m.Name)
		if v == nil {
			return fmt.Errorf("mount %s: no volume %s", m.MountPath, m.Name)
		}
		if (v.Secret != nil || v.ConfigMap != nil) && !m.ReadOnly {
			return fmt.Errorf("mount %s of volume %s is not readOnly", m.MountPath, m.Name)
		}
	}
	return nil
}

// secretFiles: every file the configuration reads is a key of the Secret,
// where the Deployment mounts it; every secretKeyRef names one too.
func secretFiles(b *bundle) error {
	c, cfg, err := b.containerConfig()
	if err != nil {
		return err
	}
	dir, err := b.secretDir()
	if err != nil {
		return err
	}
	paths := map[string]string{
		"llm.api_key_file": cfg.LLM.APIKeyFile, "kafka.sasl.password_file": cfg.Kafka.SASL.PasswordFile,
		"kafka.tls.ca_file": cfg.Kafka.TLS.CAFile, "kafka.tls.cert_file": cfg.Kafka.TLS.CertFile, "kafka.tls.key_file": cfg.Kafka.TLS.KeyFile,
	}
	for key, p := range paths {
		if p == "" {
			continue
		}
		if path.Dir(p) != dir || !b.hasSecretKey(path.Base(p)) {
			return fmt.Errorf("%s %s is not a key of Secret %s mounted at %s", key, p, b.secret.Name, dir)
		}
	}
	for _, e := range c.Env {
		if r := e.ValueFrom; r != nil && r.SecretKeyRef != nil {
			if r.SecretKeyRef.Name != b.secret.Name || !b.hasSecretKey(r.SecretKeyRef.Key) {
				return fmt.Errorf("env %s: secret %s key %s is not in the Secret recipe", e.Name, r.SecretKeyRef.Name, r.SecretKeyRef.Key)
			}
		}
	}
	return nil
}

// gracePeriod: Kubernetes kills the pod terminationGracePeriodSeconds after
// SIGTERM; triage needs kafka.shutdown_timeout to finish and commit.
func gracePeriod(b *bundle) error {
	cfg, err := b.rawConfig()
	if err != nil {
		return err
	}
	g := b.pod().TerminationGracePeriodSeconds
	if g == nil || time.Duration(*g)*time.Second <= cfg.Kafka.ShutdownTimeout {
		return fmt.Errorf("terminationGracePeriodSeconds %v must exceed kafka.shutdown_timeout %s", deref(g), cfg.Kafka.ShutdownTimeout)
	}
	return nil
}

func pdbSelects(b *bundle) error {
	if err := selects(b.pdb.Spec.Selector, b.deployment.Spec.Template.Labels); err != nil {
		return fmt.Errorf("PodDisruptionBudget %s: %w", b.pdb.Name, err)
	}
	if err := selects(b.deployment.Spec.Selector, b.deployment.Spec.Template.Labels); err != nil {
		return fmt.Errorf("Deployment selector: %w", err)
	}
	if b.pdb.Spec.MaxUnavailable == nil && b.pdb.Spec.MinAvailable == nil {
		return errors.New("the PodDisruptionBudget allows nothing and forbids nothing")
	}
	return nil
}

func serviceSelects(b *bundle) error {
	if err := selects(&metav1.LabelSelector{MatchLabels: b.service.Spec.Selector}, b.deployment.Spec.Template.Labels); err != nil {
		return fmt.Errorf("Service %s: %w", b.service.Name, err)
	}
	c, err := b.container()
	if err != nil {
		return err
	}
	for _, p := range b.service.Spec.Ports {
		if containerPort(c, p.TargetPort.StrVal) == nil {
			return fmt.Errorf("Service port %s targets %s, not a named container port", p.Name, p.TargetPort.String())
		}
	}
	return nil
}

// selects fails unless sel is non-empty and matches set.
func selects(sel *metav1.LabelSelector, set map[string]string) error {
	if sel == nil || (len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0) {
		return errors.New("empty selector")
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		return err
	}
	if !s.Matches(labels.Set(set)) {
		return fmt.Errorf("selector %s does not match the pods' labels %v", s, set)
	}
	return nil
}

func containerPort(c *corev1.Container, name string) *corev1.ContainerPort {
	for i := range c.Ports {
		if name != "" && c.Ports[i].Name == name {
			return &c.Ports[i]
		}
	}
	return nil
}

func mountOf(c *corev1.Container, dir string) *corev1.VolumeMount {
	for i := range c.VolumeMounts {
		if c.VolumeMounts[i].MountPath == dir {
			return &c.VolumeMounts[i]
		}
	}
	return nil
}

func volume(b *bundle, name string) *corev1.Volume {
	for i, v := range b.pod().Volumes {
		if v.Name == name {
			return &b.pod().Volumes[i]
		}
	}
	return nil
}

// secretDir is where the Secret's volume is mounted.
func (b *bundle) secretDir() (string, error) {
	c, err := b.container()
	if err != nil {
		return "", err
	}
	for _, m := range c.VolumeMounts {
		if v := volume(b, m.Name); v != nil && v.Secret != nil && v.Secret.SecretName == b.secret.Name {
			return m.MountPath, nil
		}
	}
	return "", fmt.Errorf("Secret %s is not mounted", b.secret.Name)
}

func (b *bundle) hasSecretKey(k string) bool {
	_, s := b.secret.StringData[k]
	_, d := b.secret.Data[k]
	return s || d
}
