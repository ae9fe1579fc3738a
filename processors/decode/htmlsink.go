package decode

import "strings"

// sink accumulates text for the document or for one table cell.
type sink struct {
	b      strings.Builder
	space  bool // whitespace seen and not yet written
	nested bool // a cell that contains a table: keep its line breaks
}

// text appends s with whitespace collapsed, or verbatim when pre is set.
func (k *sink) text(s string, pre bool) {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	if pre {
		k.raw(strings.ReplaceAll(s, "\r", ""))
		return
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			k.space = true
		default:
			k.spaceOut()
			k.b.WriteByte(c)
		}
	}
}

// spaceOut writes the pending whitespace as one space, unless at the start
// of a line.
func (k *sink) spaceOut() {
	if k.space && k.b.Len() > 0 && !strings.HasSuffix(k.b.String(), "\n") {
		k.b.WriteByte(' ')
	}
	k.space = false
}

// raw appends s as is, dropping pending whitespace.
func (k *sink) raw(s string) { k.space = false; k.b.WriteString(s) }

// brk ends the current line so that the text ends in at least n line
// breaks; it does nothing on an empty sink.
func (k *sink) brk(n int) {
	k.space = false
	s := k.b.String()
	if s == "" {
		return
	}
	for i := len(s) - 1; i >= 0 && s[i] == '\n' && n > 0; i-- {
		n--
	}
	for ; n > 0; n-- {
		k.b.WriteByte('\n')
	}
}
