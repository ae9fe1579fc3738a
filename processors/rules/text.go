package rules

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// words splits s into lower-case words: maximal runs of letters, digits and
// combining marks. An apostrophe (' or ’) between two letters stays inside
// the word ("don't", "i'd"); everything else separates words. The words
// share one allocation.
func words(s string) []string {
	var sc wordScratch
	return sc.split(s)
}

// wordScratch holds the buffers that split uses, so that a caller splitting
// many texts can reuse them (see Router.Route's pool).
type wordScratch struct {
	buf  []byte
	ends []int
	out  []string
	ids  []int32
	// stops are where the sentences of the last split end, in words: a
	// sentence ends at '!', '?', a line break, or a '.' not followed by a
	// letter or digit ("3.5" and "example.com" do not end one). asks[k]
	// says sentence k ended with '?'.
	stops []int
	asks  []bool
}

// split is words(s) in the scratch's buffers: the slice it returns is
// overwritten by the next split (the words themselves are not).
func (sc *wordScratch) split(s string) []string {
	buf := slices.Grow(sc.buf[:0], len(s))
	ends := slices.Grow(sc.ends[:0], len(s)/4+1) // end of each word in buf
	open := false                                // a word is being written
	prev := rune(0)
	sc.stops, sc.asks = sc.stops[:0], sc.asks[:0]
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf { // the common cases: a letter or digit, a plain separator
			if l := lowerWordByte[b]; l != 0 {
				buf, open, prev = append(buf, l), true, rune(b)
				i++
				continue
			}
			if !splitMark[b] {
				if open {
					ends, open = append(ends, len(buf)), false
				}
				prev = rune(b)
				i++
				continue
			}
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isWordRune(r):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			open = true
		case (r == '\'' || r == '’') && open && unicode.IsLetter(prev):
			next, _ := utf8.DecodeRuneInString(s[i+size:])
			if unicode.IsLetter(next) {
				buf = append(buf, '\'')
			} else {
				ends, open = append(ends, len(buf)), false
			}
		case open:
			ends, open = append(ends, len(buf)), false
		}
		if r == '.' || r == '!' || r == '?' || r == '\n' {
			sc.stop(len(ends), r, s[i+size:])
		}
		prev = r
		i += size
	}
	if open {
		ends = append(ends, len(buf))
	}
	sc.buf, sc.ends = buf, ends
	if len(ends) == 0 {
		return nil
	}
	all := string(buf)
	out := slices.Grow(sc.out[:0], len(ends))
	start := 0
	for _, e := range ends {
		out, start = append(out, all[start:e]), e
	}
	sc.out = out
	return out
}

// stop records that a sentence may end after n words at terminator r,
// rest being the text after it.
func (sc *wordScratch) stop(n int, r rune, rest string) {
	if r == '.' && rest != "" {
		if next, _ := utf8.DecodeRuneInString(rest); isWordRune(next) {
			return
		}
	}
	k := len(sc.stops)
	if k > 0 && sc.stops[k-1] == n {
		sc.asks[k-1] = sc.asks[k-1] || r == '?'
		return
	}
	sc.stops, sc.asks = append(sc.stops, n), append(sc.asks, r == '?')
}

// lowerWordByte maps each ASCII letter and digit to its lower case, and
// every other ASCII byte to 0.
var lowerWordByte = func() (t [utf8.RuneSelf]byte) {
	for b := range t {
		switch {
		case 'a' <= b && b <= 'z' || '0' <= b && b <= '9':
			t[b] = byte(b)
		case 'A' <= b && b <= 'Z':
			t[b] = byte(b) + 'a' - 'A'
		}
	}
	return t
}()

// splitMark marks the ASCII bytes other than letters and digits that split
// must look at: an apostrophe, which may stay inside a word, and the
// bytes that may end a sentence.
var splitMark = [utf8.RuneSelf]bool{'\'': true, '.': true, '!': true, '?': true, '\n': true}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// prefixKeyLen is how many runes of a word index prefix terms; a prefix term
// ("refund*") must be at least this long.
const prefixKeyLen = 3

// phrase is one term split into words; prefix[i] marks a word written with a
// trailing '*', which matches any word starting with it. ids holds the
// lexicon number of each other word.
type phrase struct {
	words  []string
	ids    []int32
	prefix []bool
}

// lexicon numbers the words of a set of terms, so that a text's words are
// looked up once (one map access each) and phrases are compared by number.
type lexicon struct{ ids map[string]int32 }

func newLexicon() *lexicon { return &lexicon{ids: map[string]int32{}} }

// add returns w's number, giving it one if it has none.
func (l *lexicon) add(w string) int32 {
	id, ok := l.ids[w]
	if !ok {
		id = int32(len(l.ids))
		l.ids[w] = id
	}
	return id
}

// lookup returns the number of each word of ws, -1 for words it lacks.
func (l *lexicon) lookup(ws []string) []int32 {
	out := make([]int32, len(ws))
	for i, w := range ws {
		id, ok := l.ids[w]
		if !ok {
			id = -1
		}
		out[i] = id
	}
	return out
}

// phraseSet finds which of many terms occur in a word sequence, in time
// linear in the sequence (times the few terms sharing a first word): the
// phrases are indexed by their first word, exact words by number and
// prefix words by their first prefixKeyLen runes.
type phraseSet struct {
	lex     *lexicon
	phrases []phrase
	exact   [][]cand         // number of the first word -> its phrases
	pre     map[string][]int // first prefixKeyLen runes of a prefix first word -> ids
	preKeys bitFilter        // the first three bytes of the keys of pre
}

// cand is a phrase indexed by its first word, with what rules most of
// them out without reading the phrase: its length and the number of its
// second word (-1 when that is a prefix word or there is none).
type cand struct{ ph, n, second int32 }

// bitFilter is a set of hashed three-byte prefixes: most words can be
// turned away without a map access. Words must be at least 3 bytes long.
type bitFilter [1 << 16 / 64]uint64

func filterKey(w string) uint16 { return uint16(w[0])*1031 ^ uint16(w[1])*37 ^ uint16(w[2]) }

func (f *bitFilter) add(w string) { k := filterKey(w); f[k/64] |= 1 << (k % 64) }

func (f *bitFilter) has(w string) bool { k := filterKey(w); return f[k/64]&(1<<(k%64)) != 0 }

// newPhraseSet returns an empty set numbering its words in lex (a new
// lexicon when lex is nil; sets matched against the same texts may share
// one, so that a text is looked up once for all of them).
func newPhraseSet(lex ...*lexicon) *phraseSet {
	p := &phraseSet{lex: newLexicon(), pre: map[string][]int{}}
	if len(lex) > 0 {
		p.lex = lex[0]
	}
	return p
}

// add registers term and returns its id.
func (p *phraseSet) add(term string) (int, error) {
	var ph phrase
	for _, f := range strings.Fields(term) {
		star := strings.HasSuffix(f, "*")
		ws := words(strings.TrimSuffix(f, "*"))
		for i, w := range ws {
			pre := star && i == len(ws)-1
			id := int32(-1)
			if !pre {
				id = p.lex.add(w)
			}
			ph.words, ph.ids, ph.prefix = append(ph.words, w), append(ph.ids, id), append(ph.prefix, pre)
		}
		if star && (len(ws) == 0 || utf8.RuneCountInString(ws[len(ws)-1]) < prefixKeyLen) {
			return 0, fmt.Errorf("term %q: a word ending in '*' needs at least %d letters", term, prefixKeyLen)
		}
	}
	if len(ph.words) == 0 {
		return 0, fmt.Errorf("term %q has no words", term)
	}
	return p.addPhrase(ph), nil
}

// addPhrase registers ph, whose word numbers are those of p's lexicon, and
// returns its id.
func (p *phraseSet) addPhrase(ph phrase) int {
	id := len(p.phrases)
	p.phrases = append(p.phrases, ph)
	if ph.prefix[0] {
		k := runePrefix(ph.words[0], prefixKeyLen)
		p.pre[k] = append(p.pre[k], id)
		p.preKeys.add(k)
	} else {
		for int(ph.ids[0]) >= len(p.exact) {
			p.exact = append(p.exact, nil)
		}
		c := cand{int32(id), int32(len(ph.words)), -1}
		if c.n > 1 && !ph.prefix[1] {
			c.second = ph.ids[1]
		}
		p.exact[ph.ids[0]] = append(p.exact[ph.ids[0]], c)
	}
	return id
}

// match calls fn for every occurrence of a term in ws: its id and the index
// of its first word.
func (p *phraseSet) match(ws []string, fn func(id, at int)) {
	p.matchIDs(ws, p.lex.lookup(ws), fn)
}

// matchIDs is match with the lexicon numbers of ws already looked up.
func (p *phraseSet) matchIDs(ws []string, ids []int32, fn func(id, at int)) {
	for i, w := range ws {
		if id := ids[i]; id >= 0 && int(id) < len(p.exact) {
			for _, c := range p.exact[id] {
				switch {
				case c.n == 1:
				case i+int(c.n) > len(ws) || c.second >= 0 && ids[i+1] != c.second:
					continue
				case !p.phrases[c.ph].at(ws, ids, i):
					continue
				}
				fn(int(c.ph), i)
			}
		}
		if len(p.pre) == 0 || len(w) < prefixKeyLen || !p.preKeys.has(w) || utf8.RuneCountInString(w) < prefixKeyLen {
			continue
		}
		for _, ph := range p.pre[runePrefix(w, prefixKeyLen)] {
			if p.phrases[ph].at(ws, ids, i) {
				fn(ph, i)
			}
		}
	}
}

// at reports whether the phrase occurs in ws (numbered ids) at index i.
func (ph *phrase) at(ws []string, ids []int32, i int) bool {
	if i+len(ph.words) > len(ws) {
		return false
	}
	for j, w := range ph.words {
		if ph.prefix[j] {
			if !strings.HasPrefix(ws[i+j], w) {
				return false
			}
		} else if ids[i+j] != ph.ids[j] {
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
