package replay

import (
	"fmt"
	"io"
	"maps"
	"slices"
)

// Print writes the final summary: records read and what became of them,
// decisions by source, and per partition where the run ended.
func (r *Result) Print(w io.Writer, dryRun bool) {
	c := r.Counts
	state := "done"
	switch {
	case r.Stopped:
		state = "STOPPED before the end"
	case r.Failed():
		state = "FAILED"
	}
	pub := "published"
	if dryRun {
		pub = "would publish (dry run, nothing written)"
	}
	fmt.Fprintf(w, "replay %s: read %d, decided %d, %s %d, dead-lettered %d, unchanged %d, skipped %d outside the window and %d not a fallback\n",
		state, c.Read(), c.Decided(), pub, c.Published, c.DeadLettered, c.Unchanged, c.SkippedOutside, c.SkippedNotFallback)
	if len(c.BySource) > 0 {
		fmt.Fprint(w, "  decided by:")
		for _, k := range slices.Sorted(maps.Keys(c.BySource)) {
			fmt.Fprintf(w, " %s=%d", k, c.BySource[k])
		}
		fmt.Fprintln(w)
	}
	for _, rr := range r.Ranges {
		mark := "done"
		switch {
		case rr.Err != nil:
			mark = fmt.Sprintf("FAILED at %d, %d left: %v", rr.Next, rr.End-rr.Next, rr.Err)
		case rr.Next < rr.End:
			mark = fmt.Sprintf("stopped at %d, %d left", rr.Next, rr.End-rr.Next)
		}
		fmt.Fprintf(w, "  %s/%d offsets [%d, %d): %s\n", rr.Topic, rr.Partition, rr.Start, rr.End, mark)
	}
}

// Failed reports whether a partition failed before its end (RangeResult.Err).
func (r *Result) Failed() bool {
	for _, rr := range r.Ranges {
		if rr.Err != nil {
			return true
		}
	}
	return false
}
