package redrive

import (
	"fmt"
	"slices"
	"strings"

	"github.com/triage/triage/internal/failure"
)

// Selector says which dead letters a re-drive takes: those with one of
// Reasons (or every reason, All) from original topic Topic (empty: any).
// All leaves out publish_refused (the broker refused the outputs; the
// same input would be refused again until that is fixed) and reasons
// this version does not know: they are reported as skipped. Naming
// publish_refused in Reasons re-drives them.
type Selector struct {
	Reasons []failure.Reason
	All     bool
	Topic   string
}

// ParseReasons reads a repeatable, comma-separated --reason: each must be
// one of failure.Reasons.
func ParseReasons(values []string) ([]failure.Reason, error) {
	var out []failure.Reason
	for _, v := range values {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			r := failure.Reason(s)
			if !slices.Contains(failure.Reasons, r) {
				return nil, fmt.Errorf("redrive: unknown reason %q; one of %s", s, reasonList())
			}
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out, nil
}

func reasonList() string {
	names := make([]string, len(failure.Reasons))
	for i, r := range failure.Reasons {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// Check reports a selector that selects nothing.
func (s Selector) Check() error {
	if !s.All && len(s.Reasons) == 0 {
		return fmt.Errorf("redrive: name the reasons to re-drive (--reason, one of %s) or --all", reasonList())
	}
	return nil
}

// picks reports whether l is selected, and, for a selected letter --all
// leaves out, the skip reason.
func (s Selector) picks(l Letter) (bool, string) {
	if s.Topic != "" && l.Source.Topic != s.Topic {
		return false, ""
	}
	if !s.All {
		return slices.Contains(s.Reasons, l.Reason), ""
	}
	switch {
	case l.Reason == failure.PublishRefusal:
		return true, SkipPublishRefused
	case !slices.Contains(failure.Reasons, l.Reason):
		return true, SkipUnknownReason
	}
	return true, ""
}
