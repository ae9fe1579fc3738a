package model

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

// The prediction path reads a text's features without building them:
// each feature is looked up by the 64-bit FNV-1a hash of its name ("w:"
// a word, "b:" a pair, "c:" an n-gram, as Features.Extract names them),
// computed over the text's bytes, so predicting allocates nothing per
// feature. newTables keys the model's features the same way and refuses
// a model in which two names share a hash.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnvString continues hash h over s.
func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// fnvBytes continues hash h over b.
func fnvBytes(h uint64, b []byte) uint64 {
	for _, c := range b {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// featureKey is the hash of a feature name, as the tables key it; never 0
// (an empty slot).
func featureKey(name string) uint64 { return fnvString(fnvOffset, name) | 1 }

// scan is one prediction's working memory: the text's words, lower-cased
// as tokens does, end to end in buf, word k at buf[ends[k-1]:ends[k]]
// (a word holding a digit is "0"), and the padded word of the n-gram pass.
type scan struct {
	buf    []byte
	ends   []int
	padded []byte
	runes  []int // byte offset of each rune of padded, and its length last
}

var scans = sync.Pool{New: func() any { return new(scan) }}

// words splits s as tokens does, into sc.buf and sc.ends.
func (sc *scan) words(s string) {
	sc.buf, sc.ends = sc.buf[:0], sc.ends[:0]
	start, digit := 0, false
	flush := func() {
		if len(sc.buf) > start {
			if digit {
				sc.buf = append(sc.buf[:start], '0')
			}
			sc.ends = append(sc.ends, len(sc.buf))
		}
		start, digit = len(sc.buf), false
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			sc.buf = utf8.AppendRune(sc.buf, unicode.ToLower(r))
		case unicode.IsDigit(r):
			sc.buf = utf8.AppendRune(sc.buf, r)
			digit = true
		case r == '\'' || r == '’':
		default:
			flush()
		}
	}
	flush()
}

// walk calls fn with every feature occurrence of the words in sc, in
// text order: the word ("w:", a), the pair it ends ("b:", the words a and
// b, named with a space between them), its character n-grams ("c:", a).
// Extract names what it meets, Scores hashes it (walkKey): one definition of the
// features for training and prediction.
func (f Features) walk(sc *scan, fn func(prefix string, a, b []byte, w float64)) {
	start := 0
	prev := []byte(nil)
	for _, end := range sc.ends {
		w := sc.buf[start:end]
		fn("w:", w, nil, 1)
		if f.WordNgrams >= 2 && prev != nil {
			fn("b:", prev, w, 1)
		}
		if f.CharMax >= f.CharMin && f.CharMin > 0 && !(len(w) == 1 && w[0] == '0') {
			sc.padded = append(append(append(sc.padded[:0], ' '), w...), ' ')
			sc.runes = sc.runes[:0]
			for i := range string(sc.padded) {
				sc.runes = append(sc.runes, i)
			}
			sc.runes = append(sc.runes, len(sc.padded))
			nr := len(sc.runes) - 1
			for n := f.CharMin; n <= f.CharMax; n++ {
				for j := 0; j+n <= nr; j++ {
					fn("c:", sc.padded[sc.runes[j]:sc.runes[j+n]], nil, f.CharWeight)
				}
			}
		}
		prev, start = w, end
	}
}

// walkKey is the key (featureKey of its name) of the feature walk meets
// as prefix, a and b, hashed over the name's bytes in place.
func walkKey(prefix string, a, b []byte) uint64 {
	h := fnvBytes(fnvString(fnvOffset, prefix), a)
	if b != nil {
		h = fnvBytes(fnvString(h, " "), b)
	}
	return h | 1
}
