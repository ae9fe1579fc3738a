package rules

import (
	"regexp"

	"github.com/triage/triage/processors/rules/internal/multire"
)

// reList is a list of regular expressions matched together: one pass of a
// multire.Set tells which of them match a string at all, and only those
// are run by package regexp, where positions or groups are needed. The
// answers are those of running each regexp in turn.
type reList struct {
	res []*regexp.Regexp
	set *multire.Set // nil when res is empty
}

// newREList compiles res' patterns into one set; they have compiled already.
func newREList(res []*regexp.Regexp) (reList, error) {
	l := reList{res: res}
	if len(res) == 0 {
		return l, nil
	}
	pats := make([]string, len(res))
	for i, re := range res {
		pats[i] = re.String()
	}
	var err error
	l.set, err = multire.New(pats)
	return l, err
}

// hits returns, per expression, whether it matches somewhere in s (what
// MatchString would say), in buf when it is long enough.
func (l reList) hits(s string, buf []bool) []bool {
	if cap(buf) < len(l.res) {
		buf = make([]bool, len(l.res))
	}
	buf = buf[:len(l.res)]
	clear(buf)
	if l.set != nil {
		l.set.Match(s, buf)
	}
	return buf
}

// any reports whether some expression matches somewhere in s.
func (l reList) any(s string) bool {
	var buf [64]bool
	for _, h := range l.hits(s, buf[:0]) {
		if h {
			return true
		}
	}
	return false
}
