package legacy

import "strings"

// wordMatcher is a set of words matched case-insensitively. An entry written
// with a leading '*' ("*straße") matches any longer word ending in the rest,
// so one entry covers a family of compounds ("Lindenstraße", "Hauptstraße").
type wordMatcher struct {
	exact    map[string]bool
	suffixes []string
}

// newWordMatcher lower-cases ws into a matcher. Entries are otherwise kept as
// written, so symbols such as "@" work too; a lone "*" is kept as a word.
func newWordMatcher(ws []string) wordMatcher {
	m := wordMatcher{exact: make(map[string]bool, len(ws))}
	for _, w := range ws {
		w = strings.ToLower(w)
		if len(w) > 1 && w[0] == '*' {
			m.suffixes = append(m.suffixes, w[1:])
			continue
		}
		m.exact[w] = true
	}
	return m
}

// has reports whether the lower-case word w is in the set or ends in one of
// its suffixes (and is longer than it).
func (m wordMatcher) has(w string) bool {
	if m.exact[w] {
		return true
	}
	for _, s := range m.suffixes {
		if len(w) > len(s) && strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}
