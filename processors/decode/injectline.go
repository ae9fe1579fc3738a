package decode

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// injectedLine is aiLine.MatchString(l) || realOrder.MatchString(l), with
// the regular expressions run only on a line that holds a word they need:
// one of aiWords, "ai" as a word of its own, or a '#'. Most lines hold none
// and cost one pass over their bytes.
func injectedLine(l string) bool {
	if !mayInject(l) {
		return false
	}
	return aiLine.MatchString(l) || realOrder.MatchString(l)
}

// aiWords are, in lower case, words of which every match of aiLine holds
// one, except the matches of \bai\b, looked for on their own.
var aiWords = []string{"a.i.", "llm", "gpt", "bot", "copilot", "model", "assistant", "system", "automat", "ignore", "disregard", "forget", "overrid", "inst", "do not flag", "review", "verification"}

// mayInject says whether l may match aiLine or realOrder. Their (?i) folds
// case the Unicode way, so a line with a non-ASCII rune that folds to an
// ASCII letter (the Kelvin sign, the long s) is always a maybe.
func mayInject(l string) bool {
	if strings.IndexByte(l, '#') >= 0 {
		return true
	}
	ascii := true
	for i := 0; i < len(l); i++ {
		if l[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		for _, r := range l {
			if r >= utf8.RuneSelf && foldsToASCII(r) {
				return true
			}
		}
	}
	low := asciiLower(l)
	for _, w := range aiWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	for i := strings.Index(low, "ai"); i >= 0; {
		if (i == 0 || !isWordByte(low[i-1])) && (i+2 == len(low) || !isWordByte(low[i+2])) {
			return true
		}
		j := strings.Index(low[i+1:], "ai")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// asciiLower is l with its ASCII letters in lower case and every other
// byte as it is (strings.ToLower would turn some non-ASCII letters into
// ASCII ones, which the expressions' \b does not see as such).
func asciiLower(l string) string {
	b := []byte(l)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// isWordByte is \w of Go's regular expressions (ASCII only, like \b).
func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// foldsToASCII says whether r is in the case-folding orbit of an ASCII letter.
func foldsToASCII(r rune) bool {
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < utf8.RuneSelf {
			return true
		}
	}
	return false
}
