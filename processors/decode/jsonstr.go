package decode

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/triage/triage/internal/swar"
)

// JSON strings: reading, unescaping and the byte scans behind them, for
// the scanner of json.go.

// str reads a string at s.i and returns it unescaped. A string without
// escapes is copied once, from b.
func (s *scanner) str() string {
	v, raw := s.bytes()
	if raw {
		return string(v)
	}
	return unsafeString(v)
}

// bytes reads a string at s.i and returns it unescaped: a slice of b when
// it holds no escape (raw), else a fresh slice.
func (s *scanner) bytes() (v []byte, raw bool) {
	start := s.i + 1
	for i := plain(s.b, start); i < len(s.b); i++ {
		switch c := s.b[i]; {
		case c == '"':
			s.i = i + 1
			return s.b[start:i], true
		case c == '\\':
			return s.escaped(start, i), false
		case c < 0x20:
			s.i = i
			s.fail("invalid character %q in string literal", rune(c))
			return nil, false
		}
	}
	s.i = len(s.b)
	s.fail("")
	return nil, false
}

// escaped unescapes the string that starts at start and has its first
// backslash at i.
func (s *scanner) escaped(start, i int) []byte {
	out := make([]byte, 0, literalEnd(s.b, i)-start) // unescaping never lengthens
	out = append(out, s.b[start:i]...)
	for i < len(s.b) {
		c := s.b[i]
		switch {
		case c == '"':
			s.i = i + 1
			return out
		case c < 0x20:
			s.i = i
			s.fail("invalid character %q in string literal", rune(c))
			return nil
		case c != '\\':
			j := plain(s.b, i+1) // copy the run of plain bytes at once
			out, i = append(out, s.b[i:j]...), j
			continue
		}
		if i+1 >= len(s.b) {
			break
		}
		switch e := s.b[i+1]; e {
		case '"', '\\', '/':
			out, i = append(out, e), i+2
		case 'b':
			out, i = append(out, '\b'), i+2
		case 'f':
			out, i = append(out, '\f'), i+2
		case 'n':
			out, i = append(out, '\n'), i+2
		case 'r':
			out, i = append(out, '\r'), i+2
		case 't':
			out, i = append(out, '\t'), i+2
		case 'u':
			r := hex4(s.b[i+2:])
			if r < 0 {
				s.i = min(i+2+hexLen(s.b[i+2:]), len(s.b))
				s.fail("invalid character %q in \\u hexadecimal character escape", s.at())
				return nil
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if len(s.b) > i+1 && s.b[i] == '\\' && s.b[i+1] == 'u' {
					if r2 := hex4(s.b[i+2:]); r2 >= 0 {
						if d := utf16.DecodeRune(r, r2); d != unicode.ReplacementChar {
							out, i = utf8.AppendRune(out, d), i+6
							continue
						}
					}
				}
				r = unicode.ReplacementChar
			}
			out = utf8.AppendRune(out, r)
		default:
			s.i = i + 1
			s.fail("invalid character %q in string escape code", rune(e))
			return nil
		}
	}
	s.i = len(s.b)
	s.fail("")
	return nil
}

// literalEnd is the offset of the quote that ends the string literal b[i:]
// is inside of (i at or after its opening quote), or len(b).
func literalEnd(b []byte, i int) int {
	for ; i < len(b); i++ {
		for i+8 <= len(b) { // words without a quote or backslash at once
			if x := swar.Word(b, i); swar.Has(x, '"') || swar.Has(x, '\\') {
				break
			}
			i += 8
		}
		if i >= len(b) {
			break
		}
		switch b[i] {
		case '"':
			return i
		case '\\':
			i++
		}
	}
	return len(b)
}

// plain is the offset of the first byte from i that ends a run of plain
// string bytes (a quote, a backslash or a control character), or len(b).
func plain(b []byte, i int) int {
	for i+8 <= len(b) {
		if x := swar.Word(b, i); swar.Less(x, 0x20) || swar.Has(x, '"') || swar.Has(x, '\\') {
			break
		}
		i += 8
	}
	for i < len(b) && b[i] != '"' && b[i] != '\\' && b[i] >= 0x20 {
		i++
	}
	return i
}

// unsafeString is b as a string without a copy; b, fresh from escaped,
// is never written again.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// hex4 is the value of the four hex digits b starts with, or -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// hexLen counts the hex digits b starts with, at most 4.
func hexLen(b []byte) int {
	n := 0
	for n < len(b) && n < 4 && isHex(b[n]) {
		n++
	}
	return n
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f' }
