package decode

import (
	"fmt"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/triage/triage/internal/swar"
)

// maxDepth is encoding/json's nesting limit: a value nested deeper is a
// syntax error there, so it is one here too.
const maxDepth = 10000

// scanner reads one JSON document from b in a single pass, the grammar and
// string unescaping exactly as encoding/json's (invalid surrogate escapes
// become U+FFFD). b must be valid UTF-8. The first syntax error sticks in
// err; after it every method returns zero values at once, so callers check
// err only at the end.
type scanner struct {
	b     []byte
	i     int
	depth int
	err   error
}

// value kinds, as the schemas name them.
const (
	kNone   = ""
	kObject = "object"
	kArray  = "array"
	kString = "string"
	kNumber = "number"
	kBool   = "boolean"
	kNull   = "null"
)

func (s *scanner) fail(format string, args ...any) {
	if s.err != nil {
		return
	}
	if s.i >= len(s.b) {
		s.err = fmt.Errorf("invalid JSON at byte offset %d: unexpected end of input", len(s.b))
		return
	}
	s.err = fmt.Errorf("invalid JSON at byte offset %d: "+format, append([]any{s.i}, args...)...)
}

// ws skips JSON whitespace.
func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// peek skips whitespace and returns the kind of the value that starts
// there, failing on anything else.
func (s *scanner) peek() string {
	s.ws()
	if s.err != nil || s.i >= len(s.b) {
		s.fail("")
		return kNone
	}
	switch c := s.b[s.i]; {
	case c == '{':
		return kObject
	case c == '[':
		return kArray
	case c == '"':
		return kString
	case c == '-' || '0' <= c && c <= '9':
		return kNumber
	case c == 't' || c == 'f':
		return kBool
	case c == 'n':
		return kNull
	default:
		s.fail("invalid character %q looking for beginning of value", rune(c))
		return kNone
	}
}

// skip reads the value at s.i (after peek) whatever its kind.
func (s *scanner) skip(kind string) {
	switch kind {
	case kObject:
		s.object(func([]byte) { s.skip(s.peek()) })
	case kArray:
		s.array(func() { s.skip(s.peek()) })
	case kString:
		s.bytes()
	case kNumber:
		s.number()
	case kBool, kNull:
		s.literal()
	}
}

// object reads an object at s.i, calling member for each key (unescaped;
// valid only during the call) with s.i at its value, which member must
// read.
func (s *scanner) object(member func(key []byte)) {
	if s.enter(); s.err != nil {
		return
	}
	s.i++ // {
	if s.ws(); s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
		s.depth--
		return
	}
	for s.err == nil {
		if s.ws(); s.i >= len(s.b) || s.b[s.i] != '"' {
			s.fail("invalid character %q looking for beginning of object key string", s.at())
			return
		}
		key, _ := s.bytes()
		if s.ws(); s.i >= len(s.b) || s.b[s.i] != ':' {
			s.fail("invalid character %q after object key", s.at())
			return
		}
		s.i++
		member(key)
		if s.ws(); s.i < len(s.b) && s.b[s.i] == ',' {
			s.i++
			continue
		}
		if s.i < len(s.b) && s.b[s.i] == '}' {
			s.i++
			s.depth--
			return
		}
		s.fail("invalid character %q after object key:value pair", s.at())
	}
}

// array reads an array at s.i, calling elem with s.i at each element,
// which elem must read.
func (s *scanner) array(elem func()) {
	if s.enter(); s.err != nil {
		return
	}
	s.i++ // [
	if s.ws(); s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
		s.depth--
		return
	}
	for s.err == nil {
		elem()
		if s.ws(); s.i < len(s.b) && s.b[s.i] == ',' {
			s.i++
			continue
		}
		if s.i < len(s.b) && s.b[s.i] == ']' {
			s.i++
			s.depth--
			return
		}
		s.fail("invalid character %q after array element", s.at())
	}
}

func (s *scanner) enter() {
	if s.depth++; s.depth > maxDepth {
		s.fail("exceeded max depth")
	}
}

// at is the byte at s.i as a rune, for messages.
func (s *scanner) at() rune {
	if s.i < len(s.b) {
		return rune(s.b[s.i])
	}
	return 0
}

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

// number reads a number at s.i: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *scanner) number() {
	if s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case s.i < len(s.b) && '1' <= s.b[s.i] && s.b[s.i] <= '9':
		s.digits()
	default:
		s.fail("invalid character %q in numeric literal", s.at())
		return
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		if s.i++; !s.digits() {
			s.fail("invalid character %q after decimal point in numeric literal", s.at())
			return
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		if s.i++; s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if !s.digits() {
			s.fail("invalid character %q in exponent of numeric literal", s.at())
		}
	}
}

// digits reads [0-9]* and says whether it read any.
func (s *scanner) digits() bool {
	start := s.i
	for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i > start
}

// literal reads true, false or null at s.i.
func (s *scanner) literal() {
	for _, lit := range []string{"true", "false", "null"} {
		if lit[0] != s.b[s.i] {
			continue
		}
		for j := 1; j < len(lit); j++ {
			if s.i+j >= len(s.b) || s.b[s.i+j] != lit[j] {
				s.i += j
				s.fail("invalid character %q in literal %s (expecting %q)", s.at(), lit, lit[j])
				return
			}
		}
		s.i += len(lit)
		return
	}
}

// end checks that only whitespace follows the top-level value.
func (s *scanner) end() {
	if s.ws(); s.err == nil && s.i < len(s.b) {
		s.fail("data after the top-level value")
	}
}
