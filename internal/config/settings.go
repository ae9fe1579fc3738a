package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Setting describes one configuration leaf.
type Setting struct {
	Key     string // dotted YAML path, also the flag name
	Env     string // environment variable
	Default string
	Doc     string
}

// Settings lists every setting in declaration order, with its default.
func Settings() []Setting {
	var out []Setting
	def := reflect.ValueOf(Default())
	walk(def, "", func(key string, f reflect.StructField, v reflect.Value) {
		out = append(out, Setting{Key: key, Env: envName(key), Default: format(v), Doc: f.Tag.Get("doc")})
	})
	return out
}

// Markdown renders the settings as the README's configuration table.
func Markdown() string {
	var b strings.Builder
	b.WriteString("| setting (YAML key and flag) | environment | default | meaning |\n|---|---|---|---|\n")
	for _, s := range Settings() {
		d := s.Default
		if d == "" {
			d = "(empty)"
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | `%s` | %s |\n", s.Key, s.Env, d, s.Doc)
	}
	return b.String()
}

func envName(key string) string {
	return "TRIAGE_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

func walk(v reflect.Value, prefix string, fn func(string, reflect.StructField, reflect.Value)) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if prefix != "" {
			key = prefix + "." + key
		}
		if f.Type.Kind() == reflect.Struct {
			walk(v.Field(i), key, fn)
			continue
		}
		fn(key, f, v.Field(i))
	}
}

var durationType = reflect.TypeOf(time.Duration(0))

func format(v reflect.Value) string {
	switch {
	case v.Type() == durationType:
		return time.Duration(v.Int()).String()
	case v.Kind() == reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = fmt.Sprint(v.Index(i).Interface())
		}
		return strings.Join(parts, ",")
	default:
		return fmt.Sprint(v.Interface())
	}
}

// set parses s into the setting at key of c.
func set(c *Config, key, s string) error {
	var target reflect.Value
	walk(reflect.ValueOf(c).Elem(), "", func(k string, _ reflect.StructField, v reflect.Value) {
		if k == key {
			target = v
		}
	})
	if !target.IsValid() {
		return fmt.Errorf("unknown setting %q", key)
	}
	switch {
	case target.Type() == durationType:
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("%q is not a duration (use e.g. 500ms, 10s, 1m)", s)
		}
		target.SetInt(int64(d))
	case target.Kind() == reflect.String:
		target.SetString(s)
	case target.Kind() == reflect.Int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("%q is not an integer", s)
		}
		target.SetInt(int64(n))
	case target.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%q is not a boolean", s)
		}
		target.SetBool(b)
	case target.Kind() == reflect.Float64:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", s)
		}
		target.SetFloat(f)
	case target.Kind() == reflect.Slice && target.Type().Elem().Kind() == reflect.String:
		var parts []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		target.Set(reflect.ValueOf(parts))
	default:
		return fmt.Errorf("unsupported setting type %s", target.Type())
	}
	return nil
}
