package llm

import (
	"fmt"
	"unicode/utf8"
)

// exactMiddleBytes is the largest omitted middle whose tokens Truncate
// counts; a larger one is estimated from the kept ends' bytes per token, so
// that cutting a huge text costs about as much as its kept part, not all of
// it.
const exactMiddleBytes = 32 << 10

// Truncate shortens s to at most budget tokens (Count(out) <= budget). It
// keeps the start and the end of s, about two thirds of the budget for the
// head and one third for the tail, cut on token boundaries (and never inside
// a UTF-8 character), joined by the marker line
//
//	\n[… N tokens omitted …]\n
//
// where N is "about N" when the omitted middle is over 32 KiB and its count
// is estimated. cut reports whether anything was removed. When the budget is
// too small for the marker, only the head is kept; a budget of 0 or less
// gives "". It never fails, and it tokenizes only the kept ends (and a middle
// of at most 32 KiB), not the whole of a large s.
func (c *Counter) Truncate(s string, budget int) (out string, cut bool) {
	out, cut, _ = c.truncate(s, budget)
	return out, cut
}

// truncate is Truncate that also returns Count(out).
func (c *Counter) truncate(s string, budget int) (out string, cut bool, n int) {
	if budget <= 0 {
		return "", s != "", 0
	}
	head, all := c.prefixTokens(s, budget)
	if all && len(head) <= budget {
		return s, false, len(head)
	}
	avail := budget - c.Count(omittedMarker(len(s), true)) // tokens <= bytes: an upper bound
	if avail >= 2 {
		h := min(avail*2/3, len(head))
		tail := c.suffixTokens(s, avail-h, len(c.decodeHead(head[:h])))
		for i := 0; i < 8 && avail >= 2; i++ {
			h = min(avail*2/3, len(head))
			t := min(avail-h, len(tail))
			headStr := c.decodeHead(head[:h])
			tailStr := c.decodeTail(tail[len(tail)-t:])
			mid := s[len(headStr) : len(s)-len(tailStr)]
			out = headStr + c.marker(mid, h+t, len(headStr)+len(tailStr)) + tailStr
			if n = c.Count(out); n <= budget {
				return out, true, n
			}
			avail -= n - budget + i // the joins can tokenize differently: shrink and retry
		}
	}
	// No room for the marker: keep what fits of the head.
	for h := min(budget, len(head)); h > 0; {
		out = c.decodeHead(head[:h])
		if n = c.Count(out); n <= budget {
			return out, true, n
		}
		h -= n - budget
	}
	return "", true, 0
}

// prefixTokens encodes s from its start, segment by segment, until it has
// more than limit tokens; all reports that it reached the end of s.
// Decoding any prefix of the tokens gives a prefix of s.
func (c *Counter) prefixTokens(s string, limit int) (toks []int, all bool) {
	for seg := range segments(s) {
		toks = append(toks, c.enc.EncodeOrdinary(seg)...)
		if len(toks) > limit {
			return toks, false
		}
	}
	return toks, true
}

// suffixTokens encodes a suffix of s that starts at or after byte floor and
// holds at least want tokens, if s has them there. Decoding any suffix of the
// tokens gives a suffix of s.
func (c *Counter) suffixTokens(s string, want, floor int) []int {
	for w := want*8 + 64; ; w *= 2 {
		start := max(len(s)-w, floor)
		for start < len(s) && !utf8.RuneStart(s[start]) {
			start++
		}
		toks := c.encode(s[start:])
		if len(toks) >= want || start <= floor {
			return toks
		}
	}
}

// marker is the omission line for mid, counted exactly when it is small and
// estimated at the kept ends' tokens per byte when it is not.
func (c *Counter) marker(mid string, keptTokens, keptBytes int) string {
	if len(mid) <= exactMiddleBytes || keptBytes == 0 {
		return omittedMarker(c.Count(mid), false)
	}
	return omittedMarker(int(int64(len(mid))*int64(keptTokens)/int64(keptBytes)), true)
}

// decodeHead decodes toks, dropping a trailing partial UTF-8 character.
func (c *Counter) decodeHead(toks []int) string {
	s := c.enc.Decode(toks)
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		if r != utf8.RuneError || size > 1 {
			break
		}
		s = s[:len(s)-1]
	}
	return s
}

// decodeTail decodes toks, dropping a leading partial UTF-8 character.
func (c *Counter) decodeTail(toks []int) string {
	s := c.enc.Decode(toks)
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if r != utf8.RuneError || size > 1 {
			break
		}
		s = s[1:]
	}
	return s
}

// omittedMarker is the line that stands for n removed tokens.
func omittedMarker(n int, about bool) string {
	if about {
		return fmt.Sprintf("\n[… about %d tokens omitted …]\n", n)
	}
	return fmt.Sprintf("\n[… %d tokens omitted …]\n", n)
}
