package decode

// Injected text: what an email carries for a machine reader rather than
// for its human recipient (hidden HTML, comments, lines addressed to an AI,
// "override" and "ignore previous" instructions, a heading announcing "the
// real order"). Both engines must never take an item from it.

import (
	"regexp"
	"strings"

	"github.com/triage/triage/processors"
)

// realOrder matches a markdown heading that announces the "real" order.
var realOrder = regexp.MustCompile(`(?i)^\s*#{1,6}\s.*\b(?:real|actual|true|correct|new|updated) order\b`)

// aiLine matches a line addressed to an AI, or an instruction to override
// or ignore what came before.
var aiLine = regexp.MustCompile(`(?i)\b(?:ai|a\.i\.|llm|llms|gpt|chatgpt|chatbot|bot|copilot)\b|` +
	`\b(?:language|ai|the) models?\b|\b(?:ai|virtual|automated|email|digital) assistant\b|\bassistant\s*[:,]|` +
	`\bsystem\s*(?:prompt|note|message|instruction)s?\b|^\W*system\s*[:\]]|` +
	`\b(?:automated|automatic) (?:system|parser|processing|agent|reader)s?\b|` +
	`\b(?:ignore|disregard|forget) (?:all |any )?(?:the |your )?(?:previous|prior|above|earlier|other)\b|\boverrides?\b|` +
	// a role tag ("<<SYSTEM>>", "[INST]", "<|assistant|>"); asking the reader to evade review
	`(?:<<|\[\[|\{\{|<\||\[)\s*/?\s*(?:system|assistant|inst|instructions?)\b|` +
	`\bdo not flag\b|\bwithout (?:any )?(?:human )?(?:review|verification)\b|` +
	// a postscript to the assistant or the system; an assistant that reads the mail
	`\b[pn]\.\s?[sb]\.?\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+)?(?:assistant|system)s?\b|` +
	`\bassistants?\b[^.!?\n]{0,30}\b(?:reads?|reading|process(?:es|ing)?|handles?|handling|sorts?|sorting)\s+(?:this|these|our|my|your|the|all|incoming)\s+(?:e-?mails?|messages?|mail|inbox|orders?)\b`)

// startTag matches a start tag: its name and attributes.
var startTag = regexp.MustCompile(`(?is)<([a-z][a-z0-9]*)\b([^>]*)>`)

// hiddenAttr matches the attributes of an element that is not shown.
var hiddenAttr = regexp.MustCompile(`(?is)(?:^|\s)hidden(?:\s|=|/|$)|style\s*=\s*["']?[^"']*?(?:` +
	`display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:\.0+)?(?:px|pt|em|rem|%)?\s*(?:[;"'!]|$)|` +
	`opacity\s*:\s*0(?:\.0+)?\s*(?:[;"'!]|$)|max-height\s*:\s*0|(?:^|[;"'\s])color\s*:\s*(?:#fff(?:fff)?|white)\b)`)

// hiddenTag returns the index pairs of the first start tag in h that hides
// its element (as regexp's FindStringSubmatchIndex: whole tag, name), or nil.
func hiddenTag(h string) []int {
	for off := 0; off < len(h); {
		m := startTag.FindStringSubmatchIndex(h[off:])
		if m == nil {
			return nil
		}
		if hiddenAttr.MatchString(h[off+m[4] : off+m[5]]) {
			return []int{off + m[0], off + m[1], off + m[2], off + m[3]}
		}
		off += m[1]
	}
	return nil
}

// voids are elements without content.
var voids = map[string]bool{"img": true, "br": true, "hr": true, "input": true, "meta": true, "link": true, "wbr": true}

// SplitInjected returns the visible and the injected text of an email
// input (a ticket's subject and body are read as the text).
//
// Injected text is, in the email's html: the content of comments and of
// elements hidden by the hidden attribute or a style with display:none,
// visibility:hidden, font-size:0, opacity:0, max-height:0 or a white colour
// (#fff, #ffffff, white). In the text (the email's text, the html's other
// text, or else in.RawBody, e.g. the decoded body of a raw_mime message,
// where comments and hidden elements are already gone), and in the subject,
// it is every line addressed to an AI or telling to override or ignore what
// came before (aiLine), and every line of a paragraph that starts with such
// a line or with a markdown heading announcing the "real order"
// (realOrder). All other text is visible. It is what the eval counts items
// from (eval.InjectedItems) and what the LLM answer check refuses items
// from. Pure; safe for concurrent use.
func SplitInjected(in processors.Input) (visible, injected string) {
	var vis, inj []string
	body := ""
	if e := in.Email; e != nil {
		body = e.Text
		if e.HTML != "" {
			v, hidden := splitHTML(e.HTML)
			inj = append(inj, hidden...)
			body += "\n" + v
		}
	}
	if strings.TrimSpace(body) == "" {
		body = in.RawBody
	}
	para, inPara := false, false // the paragraph is injected; a paragraph is open
	for _, l := range strings.Split(in.Subject+"\n\n"+body, "\n") {
		switch {
		case strings.TrimSpace(l) == "":
			para, inPara = false, false
			continue
		case para:
		case injectedLine(l):
			para = !inPara
		default:
			vis, inPara = append(vis, l), true
			continue
		}
		inj, inPara = append(inj, l), true
	}
	return strings.Join(vis, "\n"), strings.Join(inj, "\n")
}

// splitHTML returns the text of h without its comments and hidden elements
// (HTMLToText), and the text of each of those. The next comment and the
// next hidden start tag are each looked for again only once the part of h
// before them is consumed, so the time is linear in len(h).
func splitHTML(h string) (visible string, hidden []string) {
	var keep strings.Builder
	c, t := -2, []int(nil) // next comment and hidden tag at or after off; c -1: none, -2: not looked for
	tSeen := false         // t was looked for (nil: none left)
	for off := 0; off < len(h); {
		if c == -2 || c >= 0 && c < off {
			c = -1
			if k := strings.Index(h[off:], "<!--"); k >= 0 {
				c = off + k
			}
		}
		if !tSeen || t != nil && t[0] < off {
			t, tSeen = hiddenTag(h[off:]), true
			for i := range t {
				t[i] += off
			}
		}
		switch {
		case c < 0 && t == nil:
			keep.WriteString(h[off:])
			off = len(h)
		case c >= 0 && (t == nil || c < t[0]):
			keep.WriteString(h[off:c])
			end := strings.Index(h[c+4:], "-->")
			if end < 0 {
				hidden, off = append(hidden, h[c+4:]), len(h)
				continue
			}
			hidden, off = append(hidden, h[c+4:c+4+end]), c+4+end+3
		default:
			keep.WriteString(h[off:t[0]])
			name := strings.ToLower(h[t[2]:t[3]])
			if voids[name] {
				off = t[1]
				continue
			}
			rest := h[t[1]:]
			end, after := closeOf(rest, name)
			hidden, off = append(hidden, HTMLToText(rest[:end])), t[1]+after
		}
	}
	return HTMLToText(keep.String()), hidden
}

// closeOf finds the end tag of an open element name (lower case) in s (s
// starts after its start tag), counting nested elements of the same name:
// it returns where the content ends and where the text after the end tag
// starts, or len(s) twice when the element is never closed. It reads s only
// up to that end tag.
func closeOf(s, name string) (end, after int) {
	depth := 1
	for i := 0; i < len(s); {
		k := strings.IndexByte(s[i:], '<')
		if k < 0 {
			break
		}
		i += k
		switch {
		case prefixFold(s[i:], "</"+name) && boundary(s, i+2+len(name)):
			depth--
			if depth == 0 {
				gt := strings.IndexByte(s[i:], '>')
				if gt < 0 {
					return i, len(s)
				}
				return i, i + gt + 1
			}
		case prefixFold(s[i:], "<"+name) && boundary(s, i+1+len(name)):
			depth++
		}
		i++
	}
	return len(s), len(s)
}

// prefixFold reports whether s starts with the lower-case ASCII prefix p,
// ignoring case.
func prefixFold(s, p string) bool {
	return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p)
}

// boundary reports whether a tag name ends at s[i].
func boundary(s string, i int) bool {
	return i >= len(s) || strings.IndexByte(" \t\r\n/>", s[i]) >= 0
}

// number matches a number in digits, with thousands separators or not.
var number = regexp.MustCompile(`\d{1,3}(?:[,.]\d{3})+\b|\d+`)

// Numbers is the set of numbers written in digits in s, without thousands
// separators ("1,000" is "1000"): how a quantity is looked up in the
// visible and the injected text.
func Numbers(s string) map[string]bool {
	out := map[string]bool{}
	for _, m := range number.FindAllString(s, -1) {
		out[strings.NewReplacer(",", "", ".", "").Replace(m)] = true
	}
	return out
}
