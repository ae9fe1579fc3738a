package rules

import "strings"

// phraseList is a list of cue phrases, each a sequence of words (see
// words), matched on a text's words.
type phraseList [][]string

func phrases(ps ...string) phraseList {
	out := make(phraseList, len(ps))
	for i, p := range ps {
		out[i] = words(p)
	}
	return out
}

// any says whether one of the phrases occurs in ws. Linear in len(ws)
// times the number of phrases, which are few and short.
func (pl phraseList) any(ws []string) bool {
	for i := range ws {
		for _, p := range pl {
			if i+len(p) > len(ws) {
				continue
			}
			ok := true
			for k, w := range p {
				ok = ok && ws[i+k] == w
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// stopWords are the function words a reference never rests on: articles,
// pronouns, auxiliaries, and the cue words themselves.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the of and or for to in on at with by from as is are be was it its
		i me my we us our you your he she they them their those these this that there here then than both all
		each every any some same one ones just also so very too please pls thanks thank would could can will
		shall i'll we'll i'd we'd i'm let get got make it's that's what which who like want need new old
		yes yep yeah ok okay proceed agreed deal accept go ahead take have has had send ship confirmed
		fine perfect great good lovely well sounds sound quoted offered offer quote price prices`) {
		m[w] = true
	}
	return m
}()

// content drops stop words and numbers from ws.
func content(ws []string) []string {
	var out []string
	for _, w := range ws {
		if !stopWords[w] && !isDigits(w) && len(w) > 1 {
			out = append(out, w)
		}
	}
	return out
}

// stem drops a plural "s" (not "ss") from a word of four letters or more.
func stem(w string) string {
	if len(w) >= 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

// stemSet is the set of the stems of ws.
func stemSet(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[stem(w)] = true
	}
	return m
}

// overlap counts the words of ws whose stem is in set.
func overlap(ws []string, set map[string]bool) int {
	n := 0
	for _, w := range ws {
		if set[stem(w)] {
			n++
		}
	}
	return n
}

// keys returns the members of a set.
func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
