package decode

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHTMLToText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain text", "just text", "just text"},
		{"whitespace collapses", "  a \n\t b  ", "a b"},
		{"paragraphs", "<p>Hello,</p><p>Please find our order below.</p>",
			"Hello,\n\nPlease find our order below."},
		{"br and div", "Kind regards,<br>Aiko<BR/>Hilltop<div>Portland</div>x",
			"Kind regards,\nAiko\nHilltop\nPortland\nx"},
		{"headings", "<h1>Order</h1>text<h2>More</h2>", "Order\n\ntext\n\nMore"},
		{"drops head script style comments",
			"<html><head><title>T</title><meta charset=utf-8><style>p{color:red}</style></head>" +
				"<body><!-- hidden --><script>var a = '</p>';</script><p>visible</p></body></html>",
			"visible"},
		{"script end tag case-insensitive", "<SCRIPT>x</ScRiPt >after", "after"},
		{"unclosed script drops rest", "before<script>never closed <p>x", "before"},
		{"unclosed comment drops rest", "a<!-- b", "a"},
		{"doctype and processing instruction", "<!DOCTYPE html><?xml version=\"1.0\"?>hi", "hi"},
		{"entities", "Fish &amp; Chips &lt;3 &eacute;t&#233; &#x41;&nbsp;&nbsp;B", "Fish & Chips <3 été A B"},
		{"stray less-than", "3 < 5 and 5 > 3, a <= b", "3 < 5 and 5 > 3, a <= b"},
		{"unclosed tag at end", "text <b", "text"},
		{"quoted > in attribute", `<a title="a>b" href='x>y'>link</a> done`, "link done"},
		{"inline tags keep words apart only where spaced", "<b>bold</b><i>it</i> <span>x</span>", "boldit x"},
		{"lists", "<ul><li>one</li><li>two<li>three</ul>after", "- one\n- two\n- three\n\nafter"},
		{"ordered list", "<ol><li>a</li><li>b</li></ol>", "- a\n- b"},
		{"struck-through text is marked as in Markdown", "<li><del>2 x mugs</del> no mugs</li><s>x</s><strike>y</strike>",
			"- ~~2 x mugs~~ no mugs\n~~x~~~~y~~"},
		{"blank lines collapse", "<p>a</p><p></p><br><br><br><p>b</p>", "a\n\nb"},
		{"trailing spaces trimmed", "a   <br>b  ", "a\nb"},
		{"blockquote and hr", "<blockquote>quoted</blockquote><hr>next", "quoted\n\nnext"},
		{"pre keeps whitespace", "<pre>a  b\n  c</pre>d", "a  b\n  c\n\nd"},
		{"table rows one line each",
			`<table border="1"><thead><tr><th>SKU</th><th>Item</th><th>Qty</th></tr></thead>` +
				`<tbody><tr><td>FLR-T55-25</td><td>Bread flour T55, 25 kg sack</td><td>6</td></tr>` +
				`<tr><td>YST-DRY-500</td><td>Instant dry yeast 500 g</td><td>10</td></tr></tbody>` +
				`<tfoot><tr><td colspan="2">Total</td><td>$345.00</td></tr></tfoot></table>after`,
			"SKU | Item | Qty\nFLR-T55-25 | Bread flour T55, 25 kg sack | 6\n" +
				"YST-DRY-500 | Instant dry yeast 500 g | 10\nTotal | $345.00\n\nafter"},
		{"pretty-printed table", "<p>Order:</p>\n<table>\n  <tr>\n    <td> A-1 </td>\n    <td>\n 2 </td>\n  </tr>\n" +
			"  <tr> <td>B-2</td> <td>5</td> </tr>\n</table>\nThanks",
			"Order:\n\nA-1 | 2\nB-2 | 5\n\nThanks"},
		{"text beside a table", "see <table><tr><td>a</td></tr></table> above", "see\n\na\n\nabove"},
		{"outlook cells with paragraphs stay on one line",
			`<table><tr><td><p class=MsoNormal>2</p></td><td><p>Cups<br>12 oz</p></td></tr></table>`,
			"2 | Cups 12 oz"},
		{"empty cells skipped", "<table><tr><td></td><td>a</td><td> </td><td>b</td></tr></table>", "a | b"},
		{"unclosed cells and rows", "<table><tr><td>a<td>b<tr><td>c", "a | b\nc"},
		{"stray cell tags outside tables", "a</td>b<td>c</tr>d", "ab c\nd"},
		{"layout table keeps nested rows",
			`<table><tr><td><p>Hello,</p><table><tr><td>A-1</td><td>2</td></tr>` +
				`<tr><td>B-2</td><td>5</td></tr></table><p>Thanks</p></td></tr></table>`,
			"Hello,\n\nA-1 | 2\nB-2 | 5\n\nThanks"},
		{"head without end keeps body text", "<head><title>x</title><p>body text", "body text"},
		{"no-break spaces", "a&nbsp;b\u00a0c", "a b c"},
		{"invalid numeric reference", "&#xD800;&#0;x", "\uFFFD\uFFFDx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HTMLToText(tt.in); got != tt.want {
				t.Errorf("HTMLToText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// hostileHTML are inputs that defeat naive scanners: many unterminated
// constructs and deep nesting. HTMLToText is linear on them;
// BenchmarkHTMLToTextHostile measures it, TestHTMLToTextHostile only checks
// the results, so a slow machine cannot make it flaky.
var hostileHTML = func() map[string]string {
	const n = 200_000
	return map[string]string{
		"less-thans":       strings.Repeat("<", n),
		"end-tag starts":   strings.Repeat("</", n),
		"script lookalike": "<script>" + strings.Repeat("</scrip", n),
		"nested tables":    strings.Repeat("<table><tr><td>x", n/10),
		"open quotes":      strings.Repeat(`<a b="`, n),
		"cells":            "<table>" + strings.Repeat("<td>x", n),
	}
}()

func TestHTMLToTextHostile(t *testing.T) {
	for name, in := range hostileHTML {
		t.Run(name, func(t *testing.T) {
			if out := HTMLToText(in); !utf8.ValidString(out) || strings.Contains(out, "\n\n\n") {
				t.Errorf("bad output on %d bytes: %.80q", len(in), out)
			}
		})
	}
}

// BenchmarkHTMLToTextHostile: go test -run XXX -bench HTMLToTextHostile
// ./processors/decode/ reports the time per hostile input (each well under 2s).
func BenchmarkHTMLToTextHostile(b *testing.B) {
	for name, in := range hostileHTML {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				HTMLToText(in)
			}
		})
	}
}

func FuzzHTMLToText(f *testing.F) {
	for _, s := range []string{
		"", "<p>a</p>", "<table><tr><td>a<td>b</table>", "<script>x</script>",
		"<!-- c -->", `<a href="x>">y</a>`, "<pre>\r\n x</pre>", "&amp;&#0;&#x110000;",
		"<head><title>t</title></head><body><ul><li>x</ul>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := HTMLToText(in)
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("valid UTF-8 in, invalid out: %q", out)
		}
		if strings.Contains(out, "\n\n\n") || strings.HasPrefix(out, "\n") || strings.HasSuffix(out, "\n") {
			t.Fatalf("blank lines not collapsed or trimmed: %q", out)
		}
		for line := range strings.SplitSeq(out, "\n") {
			if strings.TrimRight(line, " \t") != line {
				t.Fatalf("trailing whitespace in line %q", line)
			}
		}
	})
}
