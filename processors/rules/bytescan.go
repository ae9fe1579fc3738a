package rules

import (
	"strings"
	"unicode/utf8"
)

// Byte-level tests of text that package strings would answer with a set
// built on every call (ContainsAny, IndexAny, Trim with a cut set) or a
// lower-cased copy: the lexer asks them once per token.

// lowerASCII returns s with its ASCII letters in lower case and every
// other byte as it is: line[s:e] of an ASCII word lowers to low[s:e].
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// lowAt is strings.ToLower(line[s:e]), taken from low (lowerASCII(line))
// when line[s:e] is ASCII, without an allocation.
func lowAt(line, low string, s, e int) string {
	for i := s; i < e; i++ {
		if line[i] >= utf8.RuneSelf {
			return strings.ToLower(line[s:e])
		}
	}
	return low[s:e]
}

// hasEither is strings.ContainsAny(s, string(a)+string(b)) for ASCII a, b,
// without building a set on every call.
func hasEither(s string, a, b byte) bool {
	return strings.IndexByte(s, a) >= 0 || strings.IndexByte(s, b) >= 0
}

// hasDigit is strings.ContainsAny(s, "0123456789").
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isASCIIDigit(s[i]) {
			return true
		}
	}
	return false
}

// firstBlank is strings.IndexAny(s, " \t"); lastBlank is
// strings.LastIndexAny(s, " \t").
func firstBlank(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == '\t' {
			return i
		}
	}
	return -1
}

func lastBlank(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == ' ' || s[i] == '\t' {
			return i
		}
	}
	return -1
}

// isDigits reports whether s is ASCII digits only, and not empty.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// onlyAmountBytes reports whether s holds only digits, '.' and ','.
func onlyAmountBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; !isASCIIDigit(b) && b != '.' && b != ',' {
			return false
		}
	}
	return true
}
