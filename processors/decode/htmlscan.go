package decode

import (
	"strings"

	"github.com/triage/triage/processors/decode/clean"
)

func isLetter(b byte) bool { return 'a' <= b|0x20 && b|0x20 <= 'z' }

// tagName reads the tag name starting at s[i], lower-cased, and returns the
// index just past it.
func tagName(s string, i int) (string, int) {
	j := i
	for j < len(s) && !strings.ContainsRune(" \t\n\r\f/>", rune(s[j])) {
		j++
	}
	return strings.ToLower(s[i:j]), j
}

// skipAttrs returns the index just past the ">" that ends a start tag whose
// attributes begin at s[i], honouring quoted attribute values; len(s) when
// the tag is unterminated.
func skipAttrs(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case '>':
			return i + 1
		case '=':
			i++
			for i < len(s) && strings.IndexByte(" \t\n\r\f", s[i]) >= 0 {
				i++
			}
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				i = indexFrom(s, i+1, s[i:i+1]) + 1
				continue
			}
		default:
			i++
		}
	}
	return len(s)
}

// rawTextEnd returns, for an element whose content is not markup to show
// (script, style, title), the index just past its end tag, or len(s) when
// it has none. It returns -1 for every other element.
func rawTextEnd(s string, i int, name string) int {
	switch name {
	case "script", "style", "title":
	default:
		return -1
	}
	for {
		k := indexFrom(s, i, "</")
		if k == len(s) {
			return k
		}
		e := k + 2 + len(name)
		if e <= len(s) && strings.EqualFold(s[k+2:e], name) &&
			(e == len(s) || strings.IndexByte(" \t\n\r\f/>", s[e]) >= 0) {
			return min(indexFrom(s, e, ">")+1, len(s))
		}
		i = k + 2
	}
}

// indexFrom is the index of sub in s at or after from, or len(s).
func indexFrom(s string, from int, sub string) int {
	if from >= len(s) {
		return len(s)
	}
	if k := strings.Index(s[from:], sub); k >= 0 {
		return from + k
	}
	return len(s)
}

// tidyLines trims trailing spaces from every line, collapses runs of blank
// lines into one and drops leading and trailing blank lines.
func tidyLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r\f\v")
	}
	return clean.JoinLines(lines)
}
