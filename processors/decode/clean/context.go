package clean

import (
	"strings"
	"unicode/utf8"
)

// Context returns the part of a message's quoted history (Result.Quoted)
// that a reply most likely refers to, for the engines to resolve "yes,
// both please" or "40 of them" against: the most recent quoted message,
// without its attribution or header block, its own quoted history (deeper
// "> " levels and anything below its first reply boundary) and its
// signature, in at most max bytes (max <= 0: no bound).
//
// When that message is longer than max, its offer lines (lines with a
// digit or a currency sign: items, quantities, prices) are kept first, then
// the other lines as room allows, each in its original order; a single line
// over max is cut at a rune boundary. The result is valid UTF-8 when quoted
// is, normalised like Result.Quoted, and empty when quoted holds no text.
// Linear in len(quoted).
func Context(quoted string, max int) string {
	if strings.TrimSpace(quoted) == "" {
		return ""
	}
	lines := strings.Split(quoted, "\n")
	if b, ok := findBoundary(lines); ok && b.at == nextNonBlank(lines, 0) {
		lines = forwarded(lines, b)
	}
	lines = topLevel(lines)
	// A history quoted whole, its attribution included ("> On … wrote:",
	// "> From: … Subject: …"), starts with that attribution once unquoted:
	// the message is what follows it.
	if b, ok := findBoundary(lines); ok && b.at == nextNonBlank(lines, 0) {
		lines = forwarded(lines, b)
	}
	if b, ok := findBoundary(lines); ok {
		lines = lines[:b.at]
	}
	lines = lines[:signatureStart(lines)]
	return bound(lines, max)
}

// topLevel strips the quote markers of the shallowest quoting level found
// in lines and drops the lines quoted deeper (older messages).
func topLevel(lines []string) []string {
	depth := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if d := quoteDepth(l); depth < 0 || d < depth {
			depth = d
		}
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			out = append(out, "")
			continue
		}
		if quoteDepth(l) != depth {
			continue
		}
		for range depth {
			l = strings.TrimPrefix(strings.TrimLeft(l, " "), ">")
		}
		out = append(out, strings.TrimPrefix(l, " "))
	}
	return out
}

// quoteDepth counts the "> " markers a line starts with.
func quoteDepth(l string) int {
	d := 0
	for {
		l = strings.TrimLeft(l, " ")
		if !strings.HasPrefix(l, ">") {
			return d
		}
		l, d = l[1:], d+1
	}
}

// bound joins lines (JoinLines) in at most max bytes, offer lines first.
func bound(lines []string, max int) string {
	all := JoinLines(lines)
	if max <= 0 || len(all) <= max {
		return all
	}
	keep := make([]bool, len(lines))
	room := max
	for pass := range 2 {
		for i, l := range lines {
			if keep[i] || l == "" || (pass == 0) != offerLine(l) || len(l)+1 > room {
				continue
			}
			keep[i], room = true, room-len(l)-1
		}
	}
	var out []string
	for i, l := range lines {
		if keep[i] {
			out = append(out, l)
		}
	}
	if len(out) == 0 { // the first line alone is over max: cut it
		l := strings.TrimSpace(all)
		if i := strings.IndexByte(l, '\n'); i >= 0 {
			l = l[:i]
		}
		if len(l) <= max {
			return l
		}
		cut := max
		for cut > 0 && !utf8.RuneStart(l[cut]) {
			cut--
		}
		return l[:cut]
	}
	return JoinLines(out)
}

// offerLine says whether l may state an item, a quantity or a price.
func offerLine(l string) bool {
	return strings.ContainsAny(l, "0123456789$€£¥₹")
}
