package deploy

import (
	"bytes"
	"fmt"
	"os"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"
)

// kedaSchema is the openAPIV3Schema of KEDA's ScaledObject CRD
// (testdata/keda), with every object closed: Kubernetes would prune an
// unknown field silently, this test rejects it like kubectl's strict
// field validation.
var kedaSchema = sync.OnceValue(func() *jsonschema.Schema {
	b, err := os.ReadFile("testdata/keda/keda.sh_scaledobjects.yaml")
	if err != nil {
		panic(err)
	}
	var crd struct {
		Spec struct {
			Versions []struct {
				Name   string `json:"name"`
				Schema struct {
					OpenAPIV3Schema map[string]any `json:"openAPIV3Schema"`
				} `json:"schema"`
			} `json:"versions"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(b, &crd); err != nil {
		panic(err)
	}
	for _, v := range crd.Spec.Versions {
		if v.Name == "v1alpha1" {
			return compile("keda-scaledobject.json", closeObjects(v.Schema.OpenAPIV3Schema))
		}
	}
	panic("testdata/keda: no v1alpha1 schema")
})

// composeSchema is the Compose Specification's JSON schema (testdata/compose-spec).
var composeSchema = sync.OnceValue(func() *jsonschema.Schema {
	b, err := os.ReadFile("testdata/compose-spec/compose-spec.json")
	if err != nil {
		panic(err)
	}
	return compile("compose-spec.json", instance(b))
})

// compile compiles one self-contained schema document.
func compile(url string, doc any) *jsonschema.Schema {
	c := jsonschema.NewCompiler()
	if err := c.AddResource(url, doc); err != nil {
		panic(fmt.Sprintf("%s: %v", url, err))
	}
	s, err := c.Compile(url)
	if err != nil {
		panic(fmt.Sprintf("%s: %v", url, err))
	}
	return s
}

// instance decodes JSON the way the validator expects (numbers kept exact).
func instance(js []byte) any {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		panic(err)
	}
	return v
}

// closeObjects sets additionalProperties: false on every schema object that
// lists properties and says nothing about others (and does not ask to keep
// unknown fields), recursively.
func closeObjects(s map[string]any) map[string]any {
	_, props := s["properties"]
	_, extra := s["additionalProperties"]
	_, keep := s["x-kubernetes-preserve-unknown-fields"]
	if props && !extra && !keep {
		s["additionalProperties"] = false
	}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			closeObjects(v)
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	for k, v := range s {
		if k == "properties" {
			for _, p := range v.(map[string]any) {
				walk(p)
			}
			continue
		}
		walk(v)
	}
	return s
}
