package decode

import (
	"fmt"
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
