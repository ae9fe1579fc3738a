package config

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Overrides holds settings given on the command line, by dotted key.
type Overrides map[string]string

// BindFlags registers one flag per setting (--kafka.brokers, ...) and a
// --config flag for the file path. Only flags actually given override.
func BindFlags(fs *flag.FlagSet) (path *string, o Overrides) {
	o = Overrides{}
	path = fs.String("config", "", "configuration YAML file (settings below override it)")
	for _, s := range Settings() {
		fs.Func(s.Key, fmt.Sprintf("%s (env %s, default %s)", s.Doc, s.Env, s.Default), func(v string) error {
			o[s.Key] = v
			return nil
		})
	}
	for _, key := range removedKeys() {
		fs.Func(key, removed[key], func(string) error { return errors.New(removed[key]) })
	}
	return path, o
}

// Load builds the configuration from defaults, then the YAML file at path
// (skipped when empty), then environment variables (TRIAGE_<KEY>, looked up
// with lookup, usually os.LookupEnv), then overrides, and validates it.
// Every error names the setting it is about.
func Load(path string, lookup func(string) (string, bool), o Overrides) (Config, error) {
	c := Default()
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return c, fmt.Errorf("config: %w", err)
		}
		if err := removedInYAML(data); err != nil {
			return c, fmt.Errorf("config: %s: %w", path, err)
		}
		if err := parseYAML(data, &c); err != nil {
			return c, fmt.Errorf("config: %s: %w", path, err)
		}
	}
	errs := removedInEnv(lookup)
	for _, s := range Settings() {
		if v, ok := lookup(s.Env); ok {
			if err := set(&c, s.Key, v); err != nil {
				errs = append(errs, fmt.Errorf("%s (env %s): %w", s.Key, s.Env, err))
			}
		}
	}
	for k, v := range o {
		if err := set(&c, k, v); err != nil {
			errs = append(errs, fmt.Errorf("%s (flag --%s): %w", k, k, err))
		}
	}
	if len(errs) > 0 {
		return c, fmt.Errorf("config: %w", errors.Join(errs...))
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("config: invalid:\n%w", err)
	}
	return c, nil
}

// parseYAML decodes data into c strictly: unknown keys, wrong types and bad
// durations fail, and each error line names the dotted key it is about.
func parseYAML(data []byte, c *Config) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(c)
	if errors.Is(err, io.EOF) {
		return nil // empty file: defaults
	}
	if err == nil {
		var extra yaml.Node
		if dec.Decode(&extra) != io.EOF {
			return errors.New("more than one YAML document")
		}
		return nil
	}
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root)
	keys := map[int]string{}
	lineKeys(&root, "", keys)
	msgs := make([]string, len(te.Errors))
	for i, e := range te.Errors {
		msgs[i] = nameLine(e, keys)
	}
	return errors.New(strings.Join(msgs, "; "))
}

var linePrefix = regexp.MustCompile(`^line (\d+): `)

// nameLine rewrites "line 7: cannot unmarshal ..." to
// "kafka.session_timeout (line 7): cannot unmarshal ...".
func nameLine(msg string, keys map[int]string) string {
	m := linePrefix.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	var line int
	fmt.Sscan(m[1], &line)
	if k, ok := keys[line]; ok {
		return fmt.Sprintf("%s (line %d): %s", k, line, msg[len(m[0]):])
	}
	return msg
}

// lineKeys maps each line of a mapping key or value to its dotted key.
func lineKeys(n *yaml.Node, prefix string, out map[int]string) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			lineKeys(c, prefix, out)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			key := k.Value
			if prefix != "" {
				key = prefix + "." + k.Value
			}
			out[k.Line] = key
			if v.Line != k.Line || v.Kind != yaml.MappingNode {
				if _, taken := out[v.Line]; !taken {
					out[v.Line] = key
				}
			}
			lineKeys(v, key, out)
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if _, taken := out[c.Line]; !taken {
				out[c.Line] = prefix
			}
		}
	}
}
