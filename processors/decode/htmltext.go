package decode

import (
	"html"
	"strings"
)

// HTMLToText reduces an HTML document or fragment to readable plain text:
//
//   - the content of <script>, <style>, <title> and <head>, and comments,
//     are dropped; tags are removed and their text kept;
//   - block elements (p, div, br, li, tr, h1-h6, table, ul, ol, blockquote,
//     hr, pre, ...) start new lines; whitespace elsewhere collapses to one
//     space, except inside <pre>;
//   - each table row is one line, its non-empty cells separated by " | "
//     (a cell that holds a nested table keeps its line breaks instead);
//   - list items are prefixed with "- ";
//   - character references are unescaped and no-break spaces become spaces;
//   - trailing spaces are trimmed, runs of blank lines collapse to one, and
//     the result has no leading or trailing blank lines.
//
// It runs in time linear in len(s), never panics, and copes with malformed
// HTML (unclosed tags, stray "<" in text) the way browsers roughly do. Valid
// UTF-8 in gives valid UTF-8 out.
func HTMLToText(s string) string {
	c := converter{src: s}
	c.run()
	return tidyLines(c.finish())
}

// maxTableDepth bounds the nested tables whose cells are buffered; deeper
// tables are flattened, which keeps the conversion linear.
const maxTableDepth = 8

// table is an open <table>: where its rows go and its open cell, if any.
type table struct {
	parent *sink
	cell   *sink
	cells  int // non-empty cells written in the current row
}

type converter struct {
	src    string
	root   sink
	tables []*table
	deep   int // tables opened beyond maxTableDepth and not yet closed
	pre    int // open <pre> elements
	inHead bool
}

// out is where text goes now: the open cell of the innermost table, or the
// sink that table writes its rows to.
func (c *converter) out() *sink {
	if n := len(c.tables); n > 0 {
		t := c.tables[n-1]
		if t.cell != nil {
			return t.cell
		}
		return t.parent
	}
	return &c.root
}

func (c *converter) run() {
	s := c.src
	text := 0 // start of the pending text run
	for i := 0; i < len(s); {
		if s[i] != '<' || i+1 == len(s) {
			i++
			continue
		}
		next, kind := s[i+1], 0
		switch {
		case isLetter(next):
			kind = 1
		case next == '/' && i+2 < len(s) && isLetter(s[i+2]):
			kind = 2
		case next == '!' || next == '?' || next == '/':
			kind = 3
		default:
			i++ // a "<" that starts no tag is text
			continue
		}
		c.flush(s[text:i])
		switch kind {
		case 1:
			name, end := tagName(s, i+1)
			i = skipAttrs(s, end)
			c.tag(name, false)
			if skip := rawTextEnd(s, i, name); skip >= 0 {
				i = skip
			}
		case 2:
			name, end := tagName(s, i+2)
			i = indexFrom(s, end, ">") + 1
			c.tag(name, true)
		default:
			if strings.HasPrefix(s[i:], "<!--") {
				i = indexFrom(s, i+4, "-->") + 3
			} else {
				i = indexFrom(s, i+2, ">") + 1
			}
		}
		i = min(i, len(s))
		text = i
	}
	c.flush(s[text:])
}

// flush writes a run of character data.
func (c *converter) flush(t string) {
	if t != "" && !c.inHead {
		c.out().text(html.UnescapeString(t), c.pre > 0)
	}
}

// breaks says how many line breaks an element's tags make: 2 end a
// paragraph, 1 a line; other elements are inline.
var breaks = map[string]int{
	"p": 2, "h1": 2, "h2": 2, "h3": 2, "h4": 2, "h5": 2, "h6": 2, "ul": 2,
	"ol": 2, "dl": 2, "blockquote": 2, "hr": 2, "pre": 2, "table": 2,
	"div": 1, "li": 1, "tr": 1, "dt": 1, "dd": 1, "section": 1, "article": 1,
	"header": 1, "footer": 1, "nav": 1, "aside": 1, "main": 1, "address": 1,
	"center": 1, "form": 1, "fieldset": 1, "figure": 1, "figcaption": 1,
	"details": 1, "summary": 1, "caption": 1, "body": 1,
}

// inHead lists the elements that may appear in <head> without closing it.
var inHead = map[string]bool{
	"head": true, "title": true, "meta": true, "link": true, "style": true,
	"script": true, "base": true, "noscript": true, "template": true, "html": true,
}

// tag handles a start tag, or an end tag when closing is set.
func (c *converter) tag(name string, closing bool) {
	switch {
	case name == "head":
		c.inHead = !closing
	case !closing && !inHead[name]:
		c.inHead = false
	}
	switch name {
	case "table":
		if closing {
			c.closeTable()
		} else {
			c.openTable()
		}
	case "tr":
		c.row()
	case "td", "th":
		if closing {
			c.closeCell(c.top())
		} else {
			c.openCell()
		}
	case "br":
		c.out().raw("\n")
	default:
		if n := breaks[name]; n > 0 {
			c.out().brk(n)
		}
		switch {
		case name == "li" && !closing:
			c.out().raw("- ")
		case name == "del" || name == "s" || name == "strike":
			c.out().raw("~~") // struck through: cancelled, as in Markdown (the rules skip it)
		case name == "pre" && closing:
			c.pre = max(c.pre-1, 0)
		case name == "pre":
			c.pre++
		}
	}
}

// top is the innermost tracked table, nil when there is none or when the
// innermost table is nested too deep to be tracked.
func (c *converter) top() *table {
	if len(c.tables) == 0 || c.deep > 0 {
		return nil
	}
	return c.tables[len(c.tables)-1]
}

func (c *converter) openTable() {
	c.out().brk(2)
	if c.deep > 0 || len(c.tables) == maxTableDepth {
		c.deep++
		return
	}
	for _, t := range c.tables {
		if t.cell != nil {
			t.cell.nested = true
		}
	}
	c.tables = append(c.tables, &table{parent: c.out()})
}

func (c *converter) closeTable() {
	switch {
	case c.deep > 0:
		c.deep--
	case len(c.tables) > 0:
		t := c.tables[len(c.tables)-1]
		c.closeCell(t)
		c.tables = c.tables[:len(c.tables)-1]
	default:
		return
	}
	c.out().brk(2)
}

// row starts (or ends) a table row: a new line in the table's output.
func (c *converter) row() {
	if t := c.top(); t != nil {
		c.closeCell(t)
		t.cells = 0
	}
	c.out().brk(1)
}

func (c *converter) openCell() {
	t := c.top()
	if t == nil {
		c.out().text(" ", false) // a cell outside any tracked table
		return
	}
	c.closeCell(t)
	t.cell = &sink{}
}

// closeCell writes t's open cell, if any, to t's output.
func (c *converter) closeCell(t *table) {
	if t == nil || t.cell == nil {
		return
	}
	k := t.cell
	t.cell = nil
	v := k.b.String()
	if k.nested {
		v = strings.Trim(v, " \n")
	} else {
		v = strings.Join(strings.Fields(v), " ")
	}
	if v == "" {
		return
	}
	if t.cells > 0 {
		t.parent.raw(" | ")
	}
	t.parent.spaceOut()
	t.parent.raw(v)
	t.cells++
}

// finish closes whatever the document left open and returns the text.
func (c *converter) finish() string {
	for len(c.tables) > 0 {
		c.closeTable()
	}
	return c.root.b.String()
}
