package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/triage/triage/internal/swar"
)

// lines is the line steps of Normalize on s, which the Unicode steps left
// as they want it: each line squeezed (squeeze), runs of blank lines made
// one, leading and trailing blank lines dropped, long lines wrapped
// (wrap). It writes every line once into one buffer, which becomes the
// result without a copy.
func lines(s string) string {
	out := make([]byte, 0, len(s))
	blank := 0 // pending line breaks
	for i := 0; i <= len(s); {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			j = len(s)
		} else {
			j += i
		}
		mark := len(out)
		if mark > 0 {
			out = append(out, '\n')
			if blank > 0 {
				out = append(out, '\n')
			}
		}
		start := len(out)
		out = squeeze(out, s[i:j])
		i = j + 1
		switch {
		case len(out) == start: // a blank line
			out = out[:mark]
			if mark > 0 {
				blank++
			}
			continue
		case len(out)-start > MaxLineRunes: // bytes: it may have more runes than allowed
			line := string(out[start:])
			out = wrap(out[:start], line)
		}
		blank = 0
	}
	return unsafe.String(unsafe.SliceData(out), len(out))
}

// squeeze appends line to out with its white space (tabs excepted) turned
// into spaces, runs of more than two made two, and its trailing spaces and
// tabs trimmed. It copies runs of text at once: a run goes on through
// single and double spaces, and ends at a third space or at other white
// space; text and single spaces between words are skipped without the
// state machine.
func squeeze(out []byte, line string) []byte {
	start := len(out)
	spaces, from := 0, 0 // white space just read; start of the run being read, or -1 when in skipped white space
	for i := 0; i < len(line); {
		if from >= 0 && asciiText[line[i]] { // the common case: skip the run's text at once
			i = textRun(line, i+1)
			spaces = 0
			continue
		}
		c, n := line[i], 1
		var space, plain bool
		if c < utf8.RuneSelf {
			plain = c == ' '
			space = plain || c == '\v' || c == '\f' || c == '\r' || c == '\n' // ASCII white space but '\t'
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(line[i:])
			space = unicode.IsSpace(r)
		}
		switch {
		case !space:
			if from < 0 {
				out = append(out, "  "[:min(spaces, 2)]...)
				from = i
			}
			spaces = 0
		case from >= 0 && plain && spaces < 2:
			spaces++ // stays in the run: at most two spaces, all ' '
		default:
			if from >= 0 {
				out = append(out, line[from:i-spaces]...) // the run, without its spaces
				from = -1
			}
			spaces++
		}
		i += n
	}
	if from >= 0 {
		out = append(out, line[from:]...)
	}
	k := len(out)
	for k > start && (out[k-1] == ' ' || out[k-1] == '\t') {
		k--
	}
	return out[:k]
}

// textRun is where the run of text that goes on at line[i] ends (line[i-1]
// is text): at the first byte that is not text nor one space between text.
func textRun(line string, i int) int {
	for i < len(line) {
		if i+8 <= len(line) { // printable ASCII, single spaces followed by text: eight at once
			if x := swar.WordString(line, i); !swar.Less(x, ' ') && !swar.Above(x, '~') && !swar.Pair(x, ' ') && x>>56 != ' ' {
				i += 8
				continue
			}
		}
		if asciiText[line[i]] {
			i++
			continue
		}
		if line[i] != ' ' || i+1 == len(line) || !asciiText[line[i+1]] {
			break
		}
		i += 2 // one space between words: the run goes on
	}
	return i
}

// asciiText marks the ASCII bytes that are not white space (tab included).
var asciiText = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = c == '\t' || !unicode.IsSpace(rune(c))
	}
	return t
}()

// wrap appends line to out, broken into lines of at most MaxLineRunes
// runes. It breaks at the last space or tab before the limit that has text
// before it, or at the limit when there is none; every line it writes is
// itself normalised: no trailing spaces or tabs, and no line of only white
// space (an all-blank run at a hard cut is dropped).
func wrap(out []byte, line string) []byte {
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
			out = append(out, head...)
			out = append(out, '\n')
		}
	}
	return append(out, line...)
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
