package clean

import (
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/triage/triage/internal/swar"
)

// MaxLineRunes is the longest line Normalize leaves; longer lines are wrapped.
const MaxLineRunes = 1000

// Normalize is the text normalisation both engines see, for emails (inside
// Clean) and tickets alike. In order, it:
//
//   - turns CRLF, CR and the Unicode line and paragraph separators into "\n";
//   - applies Unicode NFKC (full-width letters, ligatures and no-break
//     spaces become their plain forms);
//   - drops control characters other than "\n" and "\t", format characters
//     (zero-width spaces and joiners, the BOM, soft hyphens, bidi marks) and
//     invalid UTF-8;
//   - collapses runs of three or more spaces into two (two spaces are kept:
//     they separate the columns of plain-text tables, which the rules engine
//     reads) and trims spaces and tabs at the end of each line;
//   - collapses runs of blank lines into one blank line and drops leading and
//     trailing blank lines;
//   - wraps lines longer than MaxLineRunes runes at the last space before the
//     limit, or at the limit when the line has no space.
//
// It is idempotent (Normalize(Normalize(s)) == Normalize(s)), runs in time
// linear in len(s) and always returns valid UTF-8.
func Normalize(s string) string {
	if normalASCII(s) {
		return s // the common case, already normal: no copy
	}
	return normalize(s)
}

// normalASCII says whether s is printable ASCII, tabs and line breaks that
// Normalize would return unchanged: no CR or other control, no run of
// three spaces, nothing trailing a line but its text, no leading or
// trailing line break, at most one blank line in a row, no line over
// MaxLineRunes. It reads s once (TestNormalizeFastPath holds it to
// normalize).
func normalASCII(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == '\n' || s[len(s)-1] == '\n' {
		return false
	}
	line, spaces := 0, 0 // bytes in the current line, trailing spaces
	for i := 0; i < len(s); i++ {
		// Eight printable ASCII bytes at once, when their spaces cannot
		// make a run of three and the line stays short enough.
		for i+8 <= len(s) && line+8 <= MaxLineRunes {
			x := swar.WordString(s, i)
			if swar.Less(x, ' ') || swar.Above(x, '~') || swar.Pair(x, ' ') || spaces > 0 && byte(x) == ' ' {
				break
			}
			line, spaces, i = line+8, 0, i+8
			if x>>56 == ' ' {
				spaces = 1
			}
		}
		if i == len(s) {
			break
		}
		switch c := s[i]; {
		case c == '\n':
			if i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') || i > 1 && s[i-1] == '\n' && s[i-2] == '\n' {
				return false
			}
			line, spaces = 0, 0
			continue
		case c == ' ':
			if spaces++; spaces > 2 {
				return false
			}
		case c == '\t' || 0x20 < c && c < 0x7f:
			spaces = 0
		default:
			return false
		}
		if line++; line > MaxLineRunes {
			return false
		}
	}
	c := s[len(s)-1]
	return c != ' ' && c != '\t'
}

func normalize(s string) string {
	if !unicodeNormal(s) {
		s = lineBreaks.Replace(strings.ToValidUTF8(s, ""))
		// NFKC again after dropping characters: a dropped joiner may leave a
		// letter next to a combining mark it now composes with.
		s = norm.NFKC.String(strings.Map(keep, norm.NFKC.String(s)))
	}
	return lines(s)
}

// unicodeNormal says whether the Unicode steps of normalize (valid UTF-8,
// line separators, NFKC, dropped characters) would leave s unchanged: it
// reads s once, and asks NFKC only when s has a rune that is not stable.
func unicodeNormal(s string) bool {
	mixed := false // a rune that NFKC may change in context
	for i := 0; i < len(s); {
		if i+8 <= len(s) { // eight printable ASCII bytes at once: none unusual
			if x := swar.WordString(s, i); !swar.Less(x, 0x20) && !swar.Above(x, 0x7e) {
				i += 8
				continue
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if unusual[c] {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			return false // also invalid UTF-8, which decodes as RuneError
		}
		if !stable(r) {
			if keep(r) < 0 {
				return false
			}
			mixed = true
		}
		i += n
	}
	return !mixed || norm.NFKC.IsNormalString(s)
}

// stable says whether r is kept (see keep) and leaves NFKC unchanged
// wherever it stands: it is NFKC itself, a starter (combining class 0),
// and combines with nothing before it. A text of ASCII and stable runes is NFKC (ASCII combines with
// nothing before it either). The answers for the BMP are kept in stableBMP.
func stable(r rune) bool {
	if r >= 1<<16 {
		return stableRune(r)
	}
	w, bit := &stableBMP[r/16], uint32(1)<<(2*(r%16))
	if v := w.Load(); v&bit != 0 { // known
		return v&(bit<<1) != 0
	}
	ok := stableRune(r)
	if ok {
		w.Or(bit | bit<<1)
	} else {
		w.Or(bit)
	}
	return ok
}

// stableBMP holds two bits per rune of the BMP: known, then stable.
var stableBMP [1 << 16 / 16]atomic.Uint32

func stableRune(r rune) bool {
	s := string(r)
	p := norm.NFKC.PropertiesString(s)
	return keep(r) >= 0 && p.CCC() == 0 && p.BoundaryBefore() && norm.NFKC.IsNormalString(s)
}

// unusual marks the ASCII bytes the Unicode steps of normalize change: CR
// and the controls keep drops.
var unusual = func() (u [utf8.RuneSelf]bool) {
	for c := range u {
		u[c] = c == '\r' || keep(rune(c)) < 0
	}
	return u
}()

var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n", "\u0085", "\n")

// keep maps the characters Normalize drops to -1: controls other than
// "\n" and "\t" (other white space is kept, to become a space), format
// characters and U+FFFD.
func keep(r rune) rune {
	switch {
	case r == '\n' || r == '\t' || unicode.IsSpace(r):
		return r
	case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError:
		return -1
	}
	return r
}
