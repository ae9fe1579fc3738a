package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
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
	var b strings.Builder
	b.Grow(len(s))
	blank := 0       // pending line breaks
	var spare []byte // squeeze's buffer, reused line after line
	for line := range strings.SplitSeq(s, "\n") {
		line = squeeze(line, &spare)
		if line == "" {
			if b.Len() > 0 {
				blank++
			}
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
			if blank > 0 {
				b.WriteString("\n")
			}
		}
		blank = 0
		wrap(&b, line)
	}
	return b.String()
}

// unicodeNormal says whether the Unicode steps of normalize (valid UTF-8,
// line separators, NFKC, dropped characters) would leave s unchanged: it
// reads s once, and asks NFKC only when s has non-ASCII text.
func unicodeNormal(s string) bool {
	ascii := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if unusual[c] {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r == '\u2028' || r == '\u2029' || r == '\u0085' || keep(r) < 0 {
			return false // also invalid UTF-8, which decodes as RuneError
		}
		ascii = false
		i += n
	}
	return ascii || norm.NFKC.IsNormalString(s)
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

// squeeze turns the white space of one line (tabs excepted) into spaces,
// runs of more than two into two, and trims its trailing spaces and tabs.
// A line with nothing to change but its end is returned without a copy;
// otherwise the result is built in *spare and shares its memory: it is
// valid only until the next call with the same spare.
func squeeze(line string, spare *[]byte) string {
	if squeezed(line) {
		return strings.TrimRight(line, " \t")
	}
	b := (*spare)[:0]
	spaces, from := 0, 0 // white space seen; start of the text not yet copied
	for i := 0; i < len(line); {
		r, n := rune(line[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(line[i:])
		}
		switch {
		case r == '\t' || !unicode.IsSpace(r):
			if spaces > 0 {
				b = append(b, "  "[:min(spaces, 2)]...)
				spaces, from = 0, i
			}
		case spaces == 0:
			b = append(b, line[from:i]...)
			spaces++
		default:
			spaces++
		}
		i += n
	}
	if spaces == 0 {
		b = append(b, line[from:]...)
	}
	*spare = b
	return strings.TrimRight(unsafe.String(unsafe.SliceData(b), len(b)), " \t")
}

// squeezed says whether squeeze would only trim line's end: its only white
// space is spaces, in runs of at most two, and tabs.
func squeezed(line string) bool {
	spaces := 0
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == ' ':
			if spaces++; spaces > 2 {
				return false
			}
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(line[i:])
			if unicode.IsSpace(r) {
				return false
			}
			spaces, i = 0, i+n-1
		case c == '\v' || c == '\f' || c == '\r' || c == '\n': // the ASCII white space but ' ' and '\t'
			return false
		default:
			spaces = 0
		}
	}
	return true
}

// wrap writes line to b, broken into lines of at most MaxLineRunes runes.
// It breaks at the last space or tab before the limit that has text before
// it, or at the limit when there is none; every line it writes is itself
// normalised: no trailing spaces or tabs, and no line of only white space
// (an all-blank run at a hard cut is dropped).
func wrap(b *strings.Builder, line string) {
	for len(line) > MaxLineRunes { // else it has at most MaxLineRunes runes
		cut := runeOffset(line, MaxLineRunes)
		if cut == len(line) {
			break
		}
		head, rest := line[:cut], line[cut:]
		if i := lastBreak(line[:cut+1]); i >= 0 {
			head, rest = line[:i], line[i+1:]
		}
		line = rest
		if head = strings.TrimRight(head, " \t"); head != "" {
			b.WriteString(head)
			b.WriteByte('\n')
		}
	}
	b.WriteString(line)
}

// lastBreak is the offset of the last space or tab in s that has a
// character other than a space or tab before it, or -1.
func lastBreak(s string) int {
	i := strings.LastIndexAny(s, " \t")
	if i < 0 || strings.TrimRight(s[:i], " \t") == "" {
		return -1
	}
	return i
}

// runeOffset is the byte offset of the n-th rune of s (counting from 0), or
// len(s) when s has n runes or fewer.
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}
