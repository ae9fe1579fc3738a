package config

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// List is a list of strings that YAML may also give as one comma-separated
// string ("kafka-1:9092,kafka-2:9092"), as the environment and flags do.
type List []string

// UnmarshalYAML accepts a sequence of strings or one comma-separated string.
func (l *List) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = splitList(n.Value)
		return nil
	}
	var s []string
	if err := n.Decode(&s); err != nil {
		return err
	}
	*l = s
	return nil
}

// splitList splits a comma-separated list, dropping blanks around items and
// empty items.
func splitList(v string) List {
	var out List
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
