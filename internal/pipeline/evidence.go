package pipeline

import (
	"strings"

	"github.com/triage/triage/processors"
)

// maxSpans bounds the evidence spans of one item.
const maxSpans = 8

// evidence locates each item of an order decision in body: the product
// phrase (ASCII case folded), else each of its words of 3 letters or more,
// and the SKU; byte offsets into body. A routing decision has none.
func evidence(decision any, body string) []ItemEvidence {
	o, ok := decision.(*processors.Order)
	if !ok || o == nil || len(o.Items) == 0 {
		return nil
	}
	low := asciiLower(body)
	out := make([]ItemEvidence, 0, len(o.Items))
	for i, it := range o.Items {
		spans := []Span{}
		if p := asciiLower(strings.TrimSpace(it.Product)); p != "" {
			spans = find(low, p, spans)
			if len(spans) == 0 {
				for _, w := range strings.Fields(p) {
					if len(w) >= 3 {
						spans = find(low, w, spans)
					}
				}
			}
		}
		if s := asciiLower(strings.TrimSpace(it.SKU)); s != "" {
			spans = find(low, s, spans)
		}
		out = append(out, ItemEvidence{Index: i, Evidence: spans})
	}
	return out
}

// find appends the first occurrence of needle in hay (if any, and while
// fewer than maxSpans are held).
func find(hay, needle string, spans []Span) []Span {
	if len(spans) >= maxSpans {
		return spans
	}
	if at := strings.Index(hay, needle); at >= 0 {
		spans = append(spans, Span{Start: at, End: at + len(needle)})
	}
	return spans
}

// asciiLower folds ASCII letters only, so byte offsets stay those of s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
