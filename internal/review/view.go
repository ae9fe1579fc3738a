package review

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
)

var funcs = template.FuncMap{
	"join":  strings.Join,
	"when":  func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05Z") },
	"deref": func(f *float64) float64 { return *f },
}

// view is what task.html shows of one task.
type view struct {
	Task     Task
	Route    *processors.Route
	Order    *processors.Order
	Items    string // the items as indented JSON, for editing
	Segments []segment
	Queues   []string
	CSRF     string
	Catalog  bool // a catalog is configured: the item editor suggests from it
}

// segment is a run of the body, marked when it is evidence.
type segment struct {
	Text string
	Mark bool
}

func viewOf(t Task, queues []string) (view, error) {
	v := view{Task: t, Queues: queues}
	d, _ := json.Marshal(t.Data.Decision)
	var err error
	if t.Data.EventType == pipeline.TypeRouted {
		v.Route = &processors.Route{}
		err = json.Unmarshal(d, v.Route)
	} else {
		v.Order = &processors.Order{}
		if err = json.Unmarshal(d, v.Order); err == nil {
			items, _ := json.MarshalIndent(v.Order.Items, "", "  ")
			v.Items = string(items)
		}
	}
	if err != nil {
		return v, fmt.Errorf("review: task %s: decision: %w", t.ID, err)
	}
	v.Segments = segments(t.Data.Text.Body, t.Data.Alternatives.Items)
	return v, nil
}

// segments cuts body at the evidence spans (merged where they overlap).
func segments(body string, items []pipeline.ItemEvidence) []segment {
	var spans []pipeline.Span
	for _, it := range items {
		for _, sp := range it.Evidence {
			if 0 <= sp.Start && sp.Start < sp.End && sp.End <= len(body) {
				spans = append(spans, sp)
			}
		}
	}
	slices.SortFunc(spans, func(a, b pipeline.Span) int { return cmp.Compare(a.Start, b.Start) })
	var out []segment
	at := 0
	for _, sp := range spans {
		if sp.End <= at {
			continue
		}
		start := max(sp.Start, at)
		if start > at {
			out = append(out, segment{Text: body[at:start]})
		}
		out = append(out, segment{Text: body[start:sp.End], Mark: true})
		at = sp.End
	}
	if at < len(body) {
		out = append(out, segment{Text: body[at:]})
	}
	return out
}

// correctionOf builds the correction of a form: action accept (the
// decision under review), queue (a ticket sent to another queue) or items
// (an order's items replaced by the edited JSON). It returns the record
// key (the input's key) and value.
func correctionOf(t Task, form url.Values, queues []string, now time.Time) ([]byte, []byte, error) {
	d := t.Data
	c := pipeline.Correction{EventID: d.EventID, TaskID: t.ID, Processor: d.Processor.Name, By: strings.TrimSpace(form.Get("by")),
		At: now.UTC(), Input: d.Input, InputEvent: d.InputEvent, Verdict: pipeline.VerdictCorrect}
	if c.By == "" {
		return nil, nil, fmt.Errorf("review: say who you are (the \"by\" field)")
	}
	var decision any
	switch form.Get("action") {
	case "accept":
		c.Verdict, decision = pipeline.VerdictAccept, d.Decision
	case "queue":
		q := form.Get("queue")
		if d.EventType != pipeline.TypeRouted || !slices.Contains(queues, q) {
			return nil, nil, fmt.Errorf("review: queue %q is not one of %v, or the task is no routing", q, queues)
		}
		decision = processors.Route{Queue: q}
	case "items":
		v, err := viewOf(t, queues)
		if err != nil || v.Order == nil {
			return nil, nil, fmt.Errorf("review: the task is no order")
		}
		o := *v.Order
		o.Items, o.Truncated, o.ItemsTotal = nil, false, 0
		if err := json.Unmarshal([]byte(form.Get("items")), &o.Items); err != nil {
			return nil, nil, fmt.Errorf("review: items must be a JSON array of {product, sku, quantity, unit_price}: %w", err)
		}
		if o.Items == nil {
			o.Items = []processors.Item{}
		}
		o.IsOrder = len(o.Items) > 0
		decision = o
	default:
		return nil, nil, fmt.Errorf("review: unknown action %q", form.Get("action"))
	}
	raw, err := json.Marshal(decision)
	if err != nil {
		return nil, nil, err
	}
	c.Decision = raw
	value, err := json.Marshal(c)
	key := []byte(cmp.Or(d.Input.Key, d.Input.ID))
	return key, value, err
}
