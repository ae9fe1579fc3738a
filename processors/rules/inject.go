package rules

import "strings"

// dropInjected removes injected text from lines (see
// ExtractorRules.InjectionLines): from the start of the sentence where an
// injection pattern matches, the rest of that line and the lines after it
// up to the next blank line. What is left of a cut line stays. It runs in
// time linear in the size of lines (one multi-pattern pass per line, and
// package regexp only on lines that match).
func (c *extractorConfig) dropInjected(lines []string) []string {
	if c.injectRes.set == nil {
		return lines
	}
	var out []string
	skipping := false
	for _, l := range lines {
		if skipping {
			if strings.TrimSpace(l) == "" {
				skipping = false
				out = append(out, l)
			}
			continue
		}
		at := c.injectionAt(l)
		if at < 0 {
			out = append(out, l)
			continue
		}
		if keep := strings.TrimSpace(l[:sentenceStart(l, at)]); keep != "" {
			out = append(out, keep)
		}
		skipping = true
	}
	return out
}

// injectionAt returns where the first injection pattern match in l starts,
// or -1.
func (c *extractorConfig) injectionAt(l string) int {
	var buf [32]bool
	first := -1
	for i, hit := range c.injectRes.hits(l, buf[:0]) {
		if !hit {
			continue
		}
		if loc := c.injectRes.res[i].FindStringIndex(l); loc != nil && (first < 0 || loc[0] < first) {
			first = loc[0]
		}
	}
	return first
}

// sentenceStart returns where the sentence holding byte at of l starts:
// after the last sentence end (".", "!", "?" followed by a space) or
// opening bracket before at, or 0.
func sentenceStart(l string, at int) int {
	for i := at - 1; i >= 0; i-- {
		switch l[i] {
		case '[', '(', '{', '<':
			return i
		case '.', '!', '?':
			if i+1 < len(l) && (l[i+1] == ' ' || l[i+1] == '\t') {
				return i + 1
			}
		}
	}
	return 0
}
