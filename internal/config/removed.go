package config

import (
	"errors"
	"fmt"
	"sort"

	"go.yaml.in/yaml/v3"
)

// removed maps settings that no longer exist to what to do instead. A
// configuration that still sets one (file, environment or flag) fails with
// that advice rather than a bare "field not found", or, for an environment
// variable, rather than being silently ignored.
var removed = map[string]string{
	"processing.retries": "removed: it never took effect (the rules fallback answered every LLM error before it could retry); " +
		"LLM calls are retried by the LLM client on timeouts, 429 and 5xx, honouring Retry-After: delete this key and set llm.max_retries instead",
	"processing.retry_backoff": "removed with processing.retries: delete this key and set llm.retry_backoff instead",
}

// removedInYAML reports every removed setting data sets, naming its line.
func removedInYAML(data []byte) error {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil {
		return nil // the strict decoder reports the syntax error
	}
	keys := map[int]string{}
	lineKeys(&root, "", keys)
	lines := make([]int, 0, len(keys))
	for l := range keys {
		lines = append(lines, l)
	}
	sort.Ints(lines)
	var errs []error
	seen := map[string]bool{}
	for _, l := range lines {
		if advice, ok := removed[keys[l]]; ok && !seen[keys[l]] {
			seen[keys[l]] = true
			errs = append(errs, fmt.Errorf("%s (line %d): %s", keys[l], l, advice))
		}
	}
	return errors.Join(errs...)
}

// removedInEnv reports every removed setting given as an environment
// variable.
func removedInEnv(lookup func(string) (string, bool)) []error {
	var errs []error
	for _, key := range removedKeys() {
		if _, ok := lookup(envName(key)); ok {
			errs = append(errs, fmt.Errorf("%s (env %s): %s", key, envName(key), removed[key]))
		}
	}
	return errs
}

func removedKeys() []string {
	keys := make([]string, 0, len(removed))
	for k := range removed {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
