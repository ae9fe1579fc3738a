package deploy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// manifestDirs are the directories of Kubernetes manifests: the core ones
// (kubectl apply -f k8s/), and the optional ones that need a CRD or hold
// a recipe.
var manifestDirs = []string{"k8s", "k8s/monitoring", "k8s/keda", "k8s/secret"}

// files maps a path relative to deploy/ to its content. Tests read the
// real files once and mutate copies.
type files map[string]string

// readManifests returns every *.yaml of manifestDirs, plus the README
// (it documents the partition count).
func readManifests(t *testing.T) files {
	t.Helper()
	fs := files{}
	for _, dir := range manifestDirs {
		names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
		if err != nil || len(names) == 0 {
			t.Fatalf("no manifests in deploy/%s (%v)", dir, err)
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			fs[n] = string(b)
		}
	}
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	fs["../README.md"] = string(b)
	return fs
}

// bundle is every object of the manifests, decoded.
type bundle struct {
	configMap  corev1.ConfigMap
	deployment appsv1.Deployment
	service    corev1.Service
	pdb        policyv1.PodDisruptionBudget
	secret     corev1.Secret
	monitor    monitoringv1.ServiceMonitor
	scaled     scaledObject
	auth       triggerAuthentication
	partitions int // the input partition count the README documents
}

// scaledObject is the part of KEDA's ScaledObject the checks read; the
// whole object is validated against KEDA's CRD schema first.
type scaledObject struct {
	metav1.TypeMeta `json:",inline"`
	Metadata        metav1.ObjectMeta `json:"metadata"`
	Spec            struct {
		ScaleTargetRef struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Name       string `json:"name"`
		} `json:"scaleTargetRef"`
		MinReplicaCount *int32 `json:"minReplicaCount"`
		MaxReplicaCount *int32 `json:"maxReplicaCount"`
		Triggers        []struct {
			Type              string            `json:"type"`
			Name              string            `json:"name"`
			Metadata          map[string]string `json:"metadata"`
			AuthenticationRef *struct {
				Name string `json:"name"`
			} `json:"authenticationRef"`
		} `json:"triggers"`
	} `json:"spec"`
}

// triggerAuthentication is the subset of KEDA's TriggerAuthentication the
// manifests use, decoded strictly: any other field fails.
type triggerAuthentication struct {
	metav1.TypeMeta `json:",inline"`
	Metadata        metav1.ObjectMeta `json:"metadata"`
	Spec            struct {
		SecretTargetRef []struct {
			Parameter string `json:"parameter"`
			Name      string `json:"name"`
			Key       string `json:"key"`
		} `json:"secretTargetRef"`
	} `json:"spec"`
}

// apiVersions is the one apiVersion accepted for each kind.
var apiVersions = map[string]string{
	"ConfigMap": "v1", "Service": "v1", "Secret": "v1",
	"Deployment":            "apps/v1",
	"PodDisruptionBudget":   "policy/v1",
	"ServiceMonitor":        "monitoring.coreos.com/v1",
	"ScaledObject":          "keda.sh/v1alpha1",
	"TriggerAuthentication": "keda.sh/v1alpha1",
}

// load decodes every document of fs strictly (unknown or duplicate fields
// fail) into its Kubernetes type, validates the ScaledObject against
// KEDA's schema, and requires each kind exactly once.
func load(fs files) (*bundle, error) {
	b := &bundle{}
	seen := map[string]string{}
	names := make([]string, 0, len(fs))
	for n := range fs {
		if strings.HasSuffix(n, ".yaml") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		for i, doc := range documents(fs[name]) {
			var tm metav1.TypeMeta
			if err := yaml.Unmarshal([]byte(doc), &tm); err != nil {
				return nil, fmt.Errorf("%s document %d: %w", name, i+1, err)
			}
			if want, ok := apiVersions[tm.Kind]; !ok || tm.APIVersion != want {
				return nil, fmt.Errorf("%s document %d: kind %q apiVersion %q: want one of %v", name, i+1, tm.Kind, tm.APIVersion, apiVersions)
			}
			if prev, dup := seen[tm.Kind]; dup {
				return nil, fmt.Errorf("%s: a second %s (the first is in %s)", name, tm.Kind, prev)
			}
			seen[tm.Kind] = name
			if err := decode(tm.Kind, []byte(doc), b); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", name, tm.Kind, err)
			}
		}
	}
	for kind := range apiVersions {
		if _, ok := seen[kind]; !ok {
			return nil, fmt.Errorf("no %s in %v", kind, manifestDirs)
		}
	}
	m := regexp.MustCompile(`--partitions (\d+)`).FindStringSubmatch(fs["../README.md"])
	if m == nil {
		return nil, fmt.Errorf("README.md documents no --partitions N")
	}
	fmt.Sscan(m[1], &b.partitions)
	return b, nil
}

// decode strictly decodes one document of the given kind into b.
func decode(kind string, doc []byte, b *bundle) error {
	switch kind {
	case "ConfigMap":
		return strict(doc, &b.configMap)
	case "Deployment":
		return strict(doc, &b.deployment)
	case "Service":
		return strict(doc, &b.service)
	case "PodDisruptionBudget":
		return strict(doc, &b.pdb)
	case "Secret":
		return strict(doc, &b.secret)
	case "ServiceMonitor":
		return strict(doc, &b.monitor)
	case "TriggerAuthentication":
		return strict(doc, &b.auth)
	case "ScaledObject":
		js, err := yaml.YAMLToJSON(doc)
		if err != nil {
			return err
		}
		if err := kedaSchema().Validate(instance(js)); err != nil {
			return fmt.Errorf("KEDA schema: %w", err)
		}
		// metadata strictly as ObjectMeta; the spec was validated above.
		var meta struct {
			metav1.TypeMeta `json:",inline"`
			Metadata        metav1.ObjectMeta `json:"metadata"`
			Spec            json.RawMessage   `json:"spec"`
		}
		if err := strict(doc, &meta); err != nil {
			return err
		}
		return json.Unmarshal(js, &b.scaled)
	}
	return fmt.Errorf("no decoder for kind %s", kind)
}

// strict decodes a YAML document the way the API server does with strict
// field validation: field names are case-sensitive, and unknown or
// duplicate fields fail. (sigs.k8s.io/yaml's UnmarshalStrict matches field
// names case-insensitively, so it accepts readOnlyRootFileSystem.)
func strict(doc []byte, v any) error {
	js, err := yaml.YAMLToJSONStrict(doc)
	if err != nil {
		return err
	}
	problems, err := sigsjson.UnmarshalStrict(js, v, sigsjson.DisallowDuplicateFields, sigsjson.DisallowUnknownFields)
	if err != nil {
		return err
	}
	return errors.Join(problems...)
}

// documents splits a multi-document YAML file, dropping empty documents.
func documents(s string) []string {
	var out []string
	for _, d := range regexp.MustCompile(`(?m)^---\s*$`).Split(s, -1) {
		if len(bytes.TrimSpace(stripComments(d))) > 0 {
			out = append(out, d)
		}
	}
	return out
}

// stripComments drops whole-line comments, to tell an empty document.
func stripComments(s string) []byte {
	var b bytes.Buffer
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			b.WriteString(l + "\n")
		}
	}
	return b.Bytes()
}
