package redrive

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/internal/replay"
)

// listed is how many offsets per skip reason, and dead letters re-driven,
// a Result keeps to show.
const listed = 10

// Skipped is the dead letters left out for one reason: how many, and
// where the first of them are.
type Skipped struct {
	Count int64
	First []Coord
}

// RangeResult is where the read of one dead-letter partition ended: Next ==
// End when it was read to its end.
type RangeResult struct {
	replay.Range
	Next int64
	Err  error
}

// Result is what a run did. In a dry run, Redriven counts what it would
// have re-driven.
type Result struct {
	Ranges     []RangeResult
	Read       int64 // dead letters read in the ranges
	Redriven   int64
	Already    int64 // re-driven by an earlier run (the ledger)
	Unselected int64 // other reasons or topics, or a timestamp outside the window
	Reconciled int   // copies of an interrupted run found and recorded
	ByReason   map[failure.Reason]int64
	ByTopic    map[string]int64
	Others     map[failure.Reason]int64 // not selected, by reason (inside the window)
	Skipped    map[string]*Skipped      // by Skip* reason
	First      []Letter                 // the first re-driven
	MaxReached bool                     // stopped at Config.Max
	Stopped    bool                     // cancelled before the end
	DryRun     bool
}

func newResult(dry bool) *Result {
	return &Result{ByReason: map[failure.Reason]int64{}, ByTopic: map[string]int64{}, Others: map[failure.Reason]int64{}, Skipped: map[string]*Skipped{}, DryRun: dry}
}

func (r *Result) skip(why string, at Coord) {
	s := r.Skipped[why]
	if s == nil {
		s = &Skipped{}
		r.Skipped[why] = s
	}
	if s.Count++; len(s.First) < listed {
		s.First = append(s.First, at)
	}
}

func (r *Result) redrove(l Letter) {
	r.Redriven++
	r.ByReason[l.Reason]++
	r.ByTopic[l.Source.Topic]++
	if len(r.First) < listed {
		r.First = append(r.First, l)
	}
}

// SkippedCount is the number of selected dead letters not re-driven.
func (r *Result) SkippedCount() int64 {
	var n int64
	for _, s := range r.Skipped {
		n += s.Count
	}
	return n
}

// Failed reports whether a partition failed before its end.
func (r *Result) Failed() bool {
	return slices.ContainsFunc(r.Ranges, func(rr RangeResult) bool { return rr.Err != nil })
}

// Print writes the summary: counts, re-driven by reason and topic, every
// skip reason with the first offsets, the first re-driven dead letters and
// where each partition's read ended.
func (r *Result) Print(w io.Writer) {
	state, verb := "done", "re-driven"
	switch {
	case r.Stopped:
		state = "STOPPED before the end"
	case r.Failed():
		state = "FAILED"
	case r.MaxReached:
		state = "done (--max reached)"
	}
	if r.DryRun {
		verb = "would re-drive (dry run, nothing written)"
	}
	fmt.Fprintf(w, "redrive %s: read %d dead letters, %s %d, already re-driven %d, skipped %d, not selected %d\n",
		state, r.Read, verb, r.Redriven, r.Already, r.SkippedCount(), r.Unselected)
	if r.Reconciled > 0 {
		fmt.Fprintf(w, "  an interrupted earlier run had re-driven %d dead letters it had not recorded; recorded them now\n", r.Reconciled)
	}
	counts(w, "  by reason:", r.ByReason)
	counts(w, "  by topic:", r.ByTopic)
	counts(w, "  not selected, by reason:", r.Others)
	for _, why := range slices.Sorted(maps.Keys(r.Skipped)) {
		s := r.Skipped[why]
		at := make([]string, len(s.First))
		for i, c := range s.First {
			at[i] = c.String()
		}
		more := ""
		if s.Count > int64(len(s.First)) {
			more = " …"
		}
		fmt.Fprintf(w, "  skipped %s: %d at %s%s (%s)\n", why, s.Count, strings.Join(at, ", "), more, skipHelp[why])
	}
	for _, l := range r.First {
		fmt.Fprintf(w, "  %s %s → %s key %q, %d bytes, %d headers\n", l.At, l.Reason, l.Source, l.Original.Key, len(l.Original.Value), len(l.Original.Headers))
	}
	for _, rr := range r.Ranges {
		mark := "read to the end"
		switch {
		case rr.Err != nil:
			mark = fmt.Sprintf("FAILED at %d: %v", rr.Next, rr.Err)
		case rr.Next < rr.End:
			mark = fmt.Sprintf("stopped at %d", rr.Next)
		}
		fmt.Fprintf(w, "  %s/%d offsets [%d, %d): %s\n", rr.Topic, rr.Partition, rr.Start, rr.End, mark)
	}
}

func counts[K ~string](w io.Writer, head string, m map[K]int64) {
	if len(m) == 0 {
		return
	}
	fmt.Fprint(w, head)
	for _, k := range slices.Sorted(maps.Keys(m)) {
		fmt.Fprintf(w, " %s=%d", k, m[k])
	}
	fmt.Fprintln(w)
}

// skipHelp says what each skip means for the operator.
var skipHelp = map[string]string{
	SkipUnreadable:     "not a dead-letter envelope",
	SkipNoSource:       "no original topic",
	SkipDLQSource:      "the original is itself in the dead-letter topic",
	SkipUnknownReason:  "a reason this version does not know",
	SkipPublishRefused: "the broker refused the outputs; fix that, then name --reason publish_refused",
	SkipValueCut:       "the value was too large to copy; it is only in the original record",
	SkipKeyCut:         "the key was too large to copy",
	SkipHeadersCut:     "some headers were too large to copy",
}
