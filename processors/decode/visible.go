package decode

import "strings"

// VisibleHTMLText is the text of an HTML body as its human reader sees it:
// HTMLToText of h without its comments and without the elements that are
// not shown (hidden attribute; display:none, visibility:hidden,
// font-size:0, opacity:0, max-height:0 or a white colour in their style),
// which is where text meant only for a machine reader hides
// (SplitInjected). Linear in len(h); safe for concurrent use.
func VisibleHTMLText(h string) string {
	v, _ := splitHTML(h)
	return v
}

// stubText reports whether an email's plain text is only a stub beside
// its HTML ("Please see the HTML version of this email."): at most
// maxStubBytes long, while the HTML's visible text has more words and the
// text names the HTML, or at least stubMoreWords more words and half as
// many again: the HTML is the body to read. Two renderings of the same
// content have about as many words.
func stubText(text, htmlText string) bool {
	t := strings.TrimSpace(text)
	if len(t) > maxStubBytes {
		return false
	}
	nt, nh := len(strings.Fields(t)), len(strings.Fields(htmlText))
	if nh > nt && strings.Contains(strings.ToLower(t), "html") {
		return true // "see the HTML version", "this email needs an HTML viewer"
	}
	return nh >= nt+stubMoreWords && 2*nh >= 3*nt
}

const (
	maxStubBytes  = 200
	stubMoreWords = 8
)
