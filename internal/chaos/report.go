package chaos

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Criteria are the pass conditions of one drill.
type Criteria struct {
	// BoundPerCrash is the documented duplicate bound: records that may be
	// decided again after one crash (checkpoint_limit × partitions owned).
	BoundPerCrash int `json:"bound_per_crash"`
	// Crashes is how many crashes the drill caused (SIGKILLs; a broker
	// outage counts as the scenario says). Duplicates allowed =
	// BoundPerCrash × Crashes.
	Crashes int `json:"crashes"`
}

// Allowed is the number of duplicates the criteria tolerate.
func (c Criteria) Allowed() int { return c.BoundPerCrash * c.Crashes }

// Report is the checker's verdict on one drill. Drill-specific figures
// (drain time, readiness timings) are filled in by the caller before Judge.
type Report struct {
	Scenario string   `json:"scenario"`
	Criteria Criteria `json:"criteria"`
	Deliveries
	// Unparsed counts output records the checker could not read a
	// coordinate from (not JSON, no data.input, no dead-letter source).
	Unparsed           int          `json:"unparsed"`
	DuplicatesPerCrash float64      `json:"duplicates_per_crash,omitempty"`
	Regressions        []Regression `json:"commit_regressions"`
	CommitSamples      int          `json:"commit_samples"`
	CommitSampleErrors int          `json:"commit_sample_errors"`
	// Drained says the group's committed offsets reached the end offsets of
	// every input partition; Drain is how long that took from the start of
	// the scenario (or how long the drill waited when it did not).
	Drained bool          `json:"drained"`
	Drain   time.Duration `json:"drain_ns"`
	// Notes are drill observations that are not criteria (e.g. /readyz
	// timings), in the order they were made.
	Notes []string `json:"notes,omitempty"`
	// Problems are drill-specific checks that failed (an instance that did
	// not exit cleanly, /readyz that stayed ready through an outage); each
	// fails the report.
	Problems []string `json:"problems,omitempty"`
	Failures []string `json:"failures"`
	Pass     bool     `json:"pass"`
}

// Judge fills Failures and Pass from the criteria: 0 lost, duplicates within
// BoundPerCrash × Crashes, 0 inversions, 0 commit regressions, 0 unknown or
// unparsed outputs, the group drained, and no Problems.
func (r *Report) Judge() {
	r.Failures = nil
	fail := func(format string, args ...any) { r.Failures = append(r.Failures, fmt.Sprintf(format, args...)) }
	if r.Criteria.Crashes > 0 {
		r.DuplicatesPerCrash = float64(r.Duplicates) / float64(r.Criteria.Crashes)
	}
	if r.Lost > 0 {
		fail("%d records lost (no event, no dead letter), e.g. %v", r.Lost, r.LostSample[:min(3, len(r.LostSample))])
	}
	if allowed := r.Criteria.Allowed(); r.Duplicates > allowed {
		fail("%d duplicates, bound %d (%d per crash × %d crashes)", r.Duplicates, allowed, r.Criteria.BoundPerCrash, r.Criteria.Crashes)
	}
	if r.Inversions > 0 {
		fail("%d per-key order inversions, e.g. %+v", r.Inversions, r.InversionSample[0])
	}
	if n := len(r.Regressions); n > 0 {
		fail("%d committed-offset regressions, e.g. %s", n, r.Regressions[0])
	}
	if r.Unknown > 0 || r.Unparsed > 0 {
		fail("%d outputs name no input, %d outputs unreadable", r.Unknown, r.Unparsed)
	}
	if !r.Drained {
		fail("group did not reach the end offsets within %s", r.Drain.Round(time.Second))
	}
	r.Failures = append(r.Failures, r.Problems...)
	r.Pass = len(r.Failures) == 0
}

// JSON is the report as indented JSON.
func (r *Report) JSON() []byte {
	b, _ := json.MarshalIndent(r, "", "  ") // plain data: cannot fail
	return b
}

// Summary is the report for people: one block per drill.
func (r *Report) Summary() string {
	var b strings.Builder
	verdict := "PASS"
	if !r.Pass {
		verdict = "FAIL"
	}
	fmt.Fprintf(&b, "%s %s\n", verdict, r.Scenario)
	fmt.Fprintf(&b, "  records %d  events %d  dead letters %d  drained %v in %s\n",
		r.Records, r.Events, r.DeadLetters, r.Drained, r.Drain.Round(100*time.Millisecond))
	fmt.Fprintf(&b, "  lost %d  duplicates %d (%d records; %d crashes, %.1f per crash, bound %d)  inversions %d\n",
		r.Lost, r.Duplicates, r.DuplicatedRecords, r.Criteria.Crashes, r.DuplicatesPerCrash, r.Criteria.Allowed(), r.Inversions)
	fmt.Fprintf(&b, "  commit regressions %d (%d samples, %d unanswered)\n", len(r.Regressions), r.CommitSamples, r.CommitSampleErrors)
	for i, g := range r.Regressions {
		if i == 5 {
			fmt.Fprintf(&b, "    … %d more\n", len(r.Regressions)-5)
			break
		}
		fmt.Fprintf(&b, "    %s\n", g)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	for _, f := range r.Failures {
		fmt.Fprintf(&b, "  FAILED: %s\n", f)
	}
	return b.String()
}
