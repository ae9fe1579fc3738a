package legacy

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// words splits s into lower-case words: maximal runs of letters, digits and
// combining marks. An apostrophe (' or ’) between two letters stays inside
// the word ("don't", "i'd"); everything else separates words.
func words(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	prev := rune(0)
	for i, r := range s {
		switch {
		case isWordRune(r):
			b.WriteRune(unicode.ToLower(r))
		case (r == '\'' || r == '’') && b.Len() > 0 && unicode.IsLetter(prev):
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			if unicode.IsLetter(next) {
				b.WriteByte('\'')
			} else {
				flush()
			}
		default:
			flush()
		}
		prev = r
	}
	flush()
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// prefixKeyLen is how many runes of a word index prefix terms; a prefix term
// ("refund*") must be at least this long.
const prefixKeyLen = 3

// phrase is one term split into words; prefix[i] marks a word written with a
// trailing '*', which matches any word starting with it.
type phrase struct {
	words  []string
	prefix []bool
}

// phraseSet finds which of many terms occur in a word sequence, in time
// linear in the sequence (times the few terms sharing a first word).
type phraseSet struct {
	phrases []phrase
	exact   map[string][]int // first word -> phrase ids
	pre     map[string][]int // first prefixKeyLen runes of a prefix first word -> ids
}

func newPhraseSet() *phraseSet {
	return &phraseSet{exact: map[string][]int{}, pre: map[string][]int{}}
}

// add registers term and returns its id.
func (p *phraseSet) add(term string) (int, error) {
	var ph phrase
	for _, f := range strings.Fields(term) {
		star := strings.HasSuffix(f, "*")
		ws := words(strings.TrimSuffix(f, "*"))
		for i, w := range ws {
			ph.words = append(ph.words, w)
			ph.prefix = append(ph.prefix, star && i == len(ws)-1)
		}
		if star && (len(ws) == 0 || utf8.RuneCountInString(ws[len(ws)-1]) < prefixKeyLen) {
			return 0, fmt.Errorf("term %q: a word ending in '*' needs at least %d letters", term, prefixKeyLen)
		}
	}
	if len(ph.words) == 0 {
		return 0, fmt.Errorf("term %q has no words", term)
	}
	id := len(p.phrases)
	p.phrases = append(p.phrases, ph)
	if ph.prefix[0] {
		k := runePrefix(ph.words[0], prefixKeyLen)
		p.pre[k] = append(p.pre[k], id)
	} else {
		p.exact[ph.words[0]] = append(p.exact[ph.words[0]], id)
	}
	return id, nil
}

// match calls fn for every occurrence of a term in ws: its id and the index
// of its first word.
func (p *phraseSet) match(ws []string, fn func(id, at int)) {
	for i, w := range ws {
		for _, id := range p.exact[w] {
			if p.phrases[id].at(ws, i) {
				fn(id, i)
			}
		}
		if len(p.pre) == 0 || utf8.RuneCountInString(w) < prefixKeyLen {
			continue
		}
		for _, id := range p.pre[runePrefix(w, prefixKeyLen)] {
			if p.phrases[id].at(ws, i) {
				fn(id, i)
			}
		}
	}
}

// at reports whether the phrase occurs in ws starting at index i.
func (ph phrase) at(ws []string, i int) bool {
	if i+len(ph.words) > len(ws) {
		return false
	}
	for j, w := range ph.words {
		if ph.prefix[j] {
			if !strings.HasPrefix(ws[i+j], w) {
				return false
			}
		} else if ws[i+j] != w {
			return false
		}
	}
	return true
}

func runePrefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
