package deploy

import (
	"fmt"
	"maps"
	"regexp"
	"strings"
)

// relabelConfig is one Prometheus relabel_configs entry.
type relabelConfig struct {
	SourceLabels []string `yaml:"source_labels"`
	Separator    *string  `yaml:"separator"`
	Regex        *string  `yaml:"regex"`
	TargetLabel  string   `yaml:"target_label"`
	Replacement  *string  `yaml:"replacement"`
	Action       string   `yaml:"action"`
}

// relabel applies cfgs to a target's labels as Prometheus does for the
// actions replace, keep, drop, labelmap and labeldrop (defaults: separator
// ";", regex "(.*)" anchored at both ends, replacement "$1", action
// replace). It returns false when the target is dropped, and errors on an
// action it does not know rather than guessing.
func relabel(ls map[string]string, cfgs []relabelConfig) (map[string]string, bool, error) {
	ls = maps.Clone(ls)
	for _, c := range cfgs {
		sep, re, repl, action := ";", "(.*)", "$1", "replace"
		if c.Separator != nil {
			sep = *c.Separator
		}
		if c.Regex != nil {
			re = *c.Regex
		}
		if c.Replacement != nil {
			repl = *c.Replacement
		}
		if c.Action != "" {
			action = strings.ToLower(c.Action)
		}
		rx, err := regexp.Compile("^(?:" + re + ")$")
		if err != nil {
			return nil, false, err
		}
		vals := make([]string, len(c.SourceLabels))
		for i, s := range c.SourceLabels {
			vals[i] = ls[s]
		}
		val := strings.Join(vals, sep)
		switch action {
		case "keep":
			if !rx.MatchString(val) {
				return nil, false, nil
			}
		case "drop":
			if rx.MatchString(val) {
				return nil, false, nil
			}
		case "replace":
			m := rx.FindStringSubmatchIndex(val)
			if m == nil {
				continue
			}
			target := string(rx.ExpandString(nil, c.TargetLabel, val, m))
			v := string(rx.ExpandString(nil, repl, val, m))
			if v == "" {
				delete(ls, target)
			} else {
				ls[target] = v
			}
		case "labelmap":
			for k, v := range maps.Clone(ls) {
				if m := rx.FindStringSubmatchIndex(k); m != nil {
					ls[string(rx.ExpandString(nil, repl, k, m))] = v
				}
			}
		case "labeldrop":
			for k := range maps.Clone(ls) {
				if rx.MatchString(k) {
					delete(ls, k)
				}
			}
		default:
			return nil, false, fmt.Errorf("relabel action %q not simulated", action)
		}
	}
	return ls, true, nil
}

// targetLabels is what Prometheus stores with a target's series after
// relabeling: instance defaults to the address, and labels starting with
// "__" are dropped.
func targetLabels(ls map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range ls {
		if !strings.HasPrefix(k, "__") {
			out[k] = v
		}
	}
	if out["instance"] == "" {
		out["instance"] = ls["__address__"]
	}
	return out
}
