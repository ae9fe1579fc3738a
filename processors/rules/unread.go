package rules

import (
	"fmt"
	"regexp"
	"strings"
)

// compileUnread compiles RouterRules.IgnoreLines (case-insensitive, like
// the router's other patterns) into one list.
func compileUnread(pats []string) (reList, error) {
	res := make([]*regexp.Regexp, 0, len(pats))
	for _, p := range pats {
		re, err := regexp.Compile("(?i)" + p)
		if err != nil {
			return reList{}, fmt.Errorf("ignore_lines: pattern %q: %w", p, err)
		}
		res = append(res, re)
	}
	return newREList(res)
}

// unread returns s without the text the router must not read (see
// RouterRules.IgnoreLines): on each line, from where the first pattern
// match starts to the end of the line. A line that does not match is kept
// as it is, so s comes back unchanged (and not copied) when nothing
// matches. It runs in time linear in len(s): one multi-pattern pass per
// line, package regexp only on the lines that match.
func unread(l reList, s string) string {
	if l.set == nil || s == "" {
		return s
	}
	var b strings.Builder
	cut := false
	var buf [16]bool
	rest := s
	for rest != "" {
		line, next, found := strings.Cut(rest, "\n")
		at := -1
		for i, hit := range l.hits(line, buf[:0]) {
			if !hit {
				continue
			}
			if loc := l.res[i].FindStringIndex(line); loc != nil && (at < 0 || loc[0] < at) {
				at = loc[0]
			}
		}
		if at >= 0 && !cut {
			cut = true
			b.Grow(len(s))
			b.WriteString(s[:len(s)-len(rest)])
		}
		if cut {
			if at >= 0 {
				line = line[:at]
			}
			b.WriteString(line)
			if found {
				b.WriteByte('\n')
			}
		}
		rest = next
	}
	if !cut {
		return s
	}
	return b.String()
}
