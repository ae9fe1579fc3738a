package deploy

import (
	"maps"
	"strings"
	"testing"
)

// edit is one broken copy: in file, replace old (which must occur) by new;
// the checks must then report an error containing want.
type edit struct {
	name, file, old, new, want string
}

// caught applies each edit to a copy of orig and requires that problems
// report it: a check that cannot fail proves nothing.
func caught(t *testing.T, orig files, edits []edit, problems func(files) []error) {
	t.Helper()
	for _, m := range edits {
		t.Run(m.name, func(t *testing.T) {
			fs := maps.Clone(orig)
			if !strings.Contains(fs[m.file], m.old) {
				t.Fatalf("%s no longer contains %q: update the mutation", m.file, m.old)
			}
			fs[m.file] = strings.Replace(fs[m.file], m.old, m.new, 1)
			errs := problems(fs)
			for _, err := range errs {
				if strings.Contains(err.Error(), m.want) {
					t.Logf("caught: %v", err)
					return
				}
			}
			t.Errorf("want an error containing %q, got %v", m.want, errs)
		})
	}
}
