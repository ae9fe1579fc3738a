package replay

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"sync"
)

// fields returns the compared fields of a decision of event type typ:
// route.queue for a routed ticket; extract.is_order, extract.items (count
// bucket 0, 1, 2-3, 4+) and extract.currency for an order.
func fields(typ string, decision json.RawMessage) map[string]string {
	var d struct {
		Queue    *string           `json:"queue"`
		IsOrder  *bool             `json:"is_order"`
		Currency string            `json:"currency"`
		Items    []json.RawMessage `json:"items"`
	}
	if json.Unmarshal(decision, &d) != nil {
		return map[string]string{"decision": "unreadable"}
	}
	if d.Queue != nil {
		return map[string]string{"route.queue": *d.Queue}
	}
	bucket := "4+"
	switch n := len(d.Items); {
	case n <= 1:
		bucket = strconv.Itoa(n)
	case n <= 3:
		bucket = "2-3"
	}
	cur := d.Currency
	if cur == "" {
		cur = "none"
	}
	return map[string]string{"extract.is_order": strconv.FormatBool(d.IsOrder != nil && *d.IsOrder), "extract.items": bucket, "extract.currency": cur}
}

// sameDecision reports whether two decisions agree on what subscribers act
// on: the queue of a route (the rules' "matched" list is an explanation,
// not a decision), the whole decision of an order.
func sameDecision(typ string, a, b json.RawMessage) bool {
	fa, fb := fields(typ, a), fields(typ, b)
	if _, route := fa["route.queue"]; route {
		return fa["route.queue"] == fb["route.queue"]
	}
	return canonical(a) == canonical(b)
}

func canonical(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	out, _ := json.Marshal(v) // maps marshal with sorted keys
	return string(out)
}

// Change is one input whose decision changed.
type Change struct {
	Input        Coord
	InputID      string
	OldID, NewID string // event ids
	Fields       map[string][2]string
}

// Diff compares new decisions with the last published ones. Safe for
// concurrent use.
type Diff struct {
	mu        sync.Mutex
	Compared  int
	Changed   int
	NoEarlier int                          // inputs without an earlier event
	Table     map[string]map[[2]string]int // field → (old, new) → count
	Sample    []Change                     // first 10 changes
}

// NewDiff returns an empty Diff.
func NewDiff() *Diff { return &Diff{Table: map[string]map[[2]string]int{}} }

// Add records one new decision for c against the earlier event (ok false:
// none). It reports whether the decision changed.
func (d *Diff) Add(c Coord, earlier Earlier, ok bool, newID string, decision json.RawMessage) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !ok {
		d.NoEarlier++
		return true
	}
	d.Compared++
	fo, fn := fields(earlier.Type, earlier.Decision), fields(earlier.Type, decision)
	ch := Change{Input: c, InputID: earlier.InputID, OldID: earlier.ID, NewID: newID, Fields: map[string][2]string{}}
	for f, o := range fo {
		if d.Table[f] == nil {
			d.Table[f] = map[[2]string]int{}
		}
		d.Table[f][[2]string{o, fn[f]}]++
		if o != fn[f] {
			ch.Fields[f] = [2]string{o, fn[f]}
		}
	}
	changed := !sameDecision(earlier.Type, earlier.Decision, decision)
	if changed {
		d.Changed++
		if len(d.Sample) < 10 {
			d.Sample = append(d.Sample, ch)
		}
	}
	return changed
}

// Print writes the report: counts, one confusion table per field (old →
// new, unchanged pairs marked "="), and the sample of changed inputs.
func (d *Diff) Print(w io.Writer) {
	d.mu.Lock()
	defer d.mu.Unlock()
	pct := 0.0
	if d.Compared > 0 {
		pct = 100 * float64(d.Changed) / float64(d.Compared)
	}
	fmt.Fprintf(w, "diff: %d compared, %d changed (%.1f%%), %d without an earlier event\n", d.Compared, d.Changed, pct, d.NoEarlier)
	for _, f := range slices.Sorted(maps.Keys(d.Table)) {
		fmt.Fprintf(w, "  %s (old → new):\n", f)
		pairs := slices.SortedFunc(maps.Keys(d.Table[f]), func(a, b [2]string) int {
			if n := d.Table[f][b] - d.Table[f][a]; n != 0 {
				return n
			}
			return cmpPair(a, b)
		})
		for _, p := range pairs {
			mark := " "
			if p[0] == p[1] {
				mark = "="
			}
			fmt.Fprintf(w, "    %s %-14s → %-14s %6d\n", mark, p[0], p[1], d.Table[f][p])
		}
	}
	if len(d.Sample) > 0 {
		fmt.Fprintf(w, "  changed (first %d):\n", len(d.Sample))
		for _, c := range d.Sample {
			fmt.Fprintf(w, "    %s id=%s event %s → %s", c.Input, c.InputID, c.OldID, c.NewID)
			for _, f := range slices.Sorted(maps.Keys(c.Fields)) {
				fmt.Fprintf(w, " %s: %s→%s", f, c.Fields[f][0], c.Fields[f][1])
			}
			fmt.Fprintln(w)
		}
	}
}

func cmpPair(a, b [2]string) int {
	if a[0] != b[0] {
		if a[0] < b[0] {
			return -1
		}
		return 1
	}
	if a[1] < b[1] {
		return -1
	}
	if a[1] > b[1] {
		return 1
	}
	return 0
}
