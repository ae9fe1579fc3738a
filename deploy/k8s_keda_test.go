package deploy

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
)

// kedaSASL is KEDA's name of each kafka.sasl.mechanism.
var kedaSASL = map[string]string{"": "", "plain": "plaintext", "scram-sha-256": "scram_sha256", "scram-sha-512": "scram_sha512"}

// kedaMatches: the ScaledObject scales the Deployment between one replica
// and the documented partition count, and its Kafka triggers read the lag
// of the ConfigMap's group, brokers and input topics, authenticated with
// the same Secret keys as the pods.
func kedaMatches(b *bundle) error {
	s := b.scaled.Spec
	if s.ScaleTargetRef.Name != b.deployment.Name || (s.ScaleTargetRef.Kind != "" && s.ScaleTargetRef.Kind != "Deployment") {
		return fmt.Errorf("scaleTargetRef %s %s is not Deployment %s", s.ScaleTargetRef.Kind, s.ScaleTargetRef.Name, b.deployment.Name)
	}
	if s.MinReplicaCount == nil || *s.MinReplicaCount < 1 {
		return errors.New("minReplicaCount must be at least 1 (zero instances: TriageDown fires, nothing runs)")
	}
	if s.MaxReplicaCount == nil || int(*s.MaxReplicaCount) > b.partitions || *s.MaxReplicaCount < *s.MinReplicaCount {
		return fmt.Errorf("maxReplicaCount %v must lie within minReplicaCount and the %d input partitions the README documents", deref(s.MaxReplicaCount), b.partitions)
	}
	cfg, err := b.rawConfig()
	if err != nil {
		return err
	}
	var want []string
	for _, t := range []string{cfg.Topics.Emails, cfg.Topics.Tickets} {
		if t != "" {
			want = append(want, t)
		}
	}
	tls := "disable"
	if cfg.Kafka.TLS.Enabled || cfg.Kafka.TLS.CAFile != "" || cfg.Kafka.TLS.CertFile != "" {
		tls = "enable"
	}
	var topics []string
	for _, tr := range s.Triggers {
		m := tr.Metadata
		got := map[string]string{
			"consumerGroup": m["consumerGroup"], "bootstrapServers": m["bootstrapServers"],
			"offsetResetPolicy": m["offsetResetPolicy"], "sasl": m["sasl"], "tls": or(m["tls"], "disable"),
		}
		exp := map[string]string{
			"consumerGroup": cfg.Kafka.GroupID, "bootstrapServers": strings.Join(cfg.Kafka.Brokers, ","),
			"offsetResetPolicy": cfg.Kafka.StartOffset, "sasl": kedaSASL[cfg.Kafka.SASL.Mechanism], "tls": tls,
		}
		for k := range exp {
			if got[k] != exp[k] {
				return fmt.Errorf("trigger %s: %s %q, want %q (from the ConfigMap)", tr.Name, k, got[k], exp[k])
			}
		}
		if tr.Type != "kafka" || m["allowIdleConsumers"] == "true" {
			return fmt.Errorf("trigger %s: want type kafka without allowIdleConsumers (it lifts the partition cap)", tr.Name)
		}
		if err := b.kedaAuth(tr.AuthenticationRef); err != nil {
			return fmt.Errorf("trigger %s: %w", tr.Name, err)
		}
		topics = append(topics, m["topic"])
	}
	slices.Sort(topics)
	slices.Sort(want)
	if !slices.Equal(topics, want) {
		return fmt.Errorf("trigger topics %v, want one trigger per input topic %v", topics, want)
	}
	return nil
}

// kedaAuth: the TriggerAuthentication gives KEDA the Kafka credentials the
// pods read, from the same keys of the same Secret.
func (b *bundle) kedaAuth(ref *struct {
	Name string `json:"name"`
}) error {
	c, cfg, err := b.containerConfig()
	if err != nil {
		return err
	}
	want := map[string]string{}
	if cfg.Kafka.SASL.Mechanism != "" {
		want["password"] = path.Base(cfg.Kafka.SASL.PasswordFile)
		for _, e := range c.Env {
			if e.Name == "TRIAGE_KAFKA_SASL_USERNAME" && e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
				want["username"] = e.ValueFrom.SecretKeyRef.Key
			}
		}
	}
	if cfg.Kafka.TLS.CAFile != "" {
		want["ca"] = path.Base(cfg.Kafka.TLS.CAFile)
	}
	if len(want) == 0 {
		return nil
	}
	if ref == nil || ref.Name != b.auth.Metadata.Name {
		return fmt.Errorf("authenticationRef must name TriggerAuthentication %s", b.auth.Metadata.Name)
	}
	got := map[string]string{}
	for _, r := range b.auth.Spec.SecretTargetRef {
		if r.Name != b.secret.Name || !b.hasSecretKey(r.Key) {
			return fmt.Errorf("TriggerAuthentication %s: secret %s key %s is not in the Secret recipe", r.Parameter, r.Name, r.Key)
		}
		got[r.Parameter] = r.Key
	}
	for p, k := range want {
		if got[p] != k {
			return fmt.Errorf("TriggerAuthentication parameter %s reads key %q, the pods read %q", p, got[p], k)
		}
	}
	return nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// deref is *p, or nil, for messages.
func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
