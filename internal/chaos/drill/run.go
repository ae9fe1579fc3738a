package drill

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/triage/triage/internal/chaos"
)

// Defaults returns the options of the full drill (issue 9: 100k records,
// 20 kills, a 20 s broker outage) or of the short form CI runs (5k records,
// 4 kills, a 10 s outage), without the paths and brokers.
func Defaults(short bool) Options {
	o := Options{Records: 100_000, LLMRecords: 20_000, Keys: 1000, Partitions: 6, Kills: 20,
		BrokerStop: 20 * time.Second, Slow: 20 * time.Second, Feed: time.Minute, Drain: 5 * time.Minute,
		ReadyBound: 15 * time.Second, MaxInFlight: 64, CheckpointLimit: 64, SampleEvery: 150 * time.Millisecond, Seed: 1}
	if short {
		o.Records, o.LLMRecords, o.Kills = 5000, 2000, 4
		// The slow call outlasts the runner's default revoke budget (10 s).
		o.BrokerStop, o.Slow, o.Feed, o.Drain = 10*time.Second, 15*time.Second, 15*time.Second, 90*time.Second
	}
	return o
}

// Outcome is one scenario's report, or the error that kept it from one.
type Outcome struct {
	Scenario string
	Report   *chaos.Report
	Err      error
}

// Pass reports whether the scenario ran and passed.
func (o Outcome) Pass() bool { return o.Err == nil && o.Report != nil && o.Report.Pass }

// RunAll runs the named scenarios ("all", or names or letters) one after
// another with fresh topics each, printing each summary to opt.Out.
func RunAll(ctx context.Context, opt Options, names []string) ([]Outcome, error) {
	var list []Scenario
	if len(names) == 0 || (len(names) == 1 && names[0] == "all") {
		list = Scenarios()
	} else {
		for _, n := range names {
			s, err := scenarioNamed(strings.TrimSpace(n))
			if err != nil {
				return nil, err
			}
			list = append(list, s)
		}
	}
	corpus, err := LoadCorpus(opt.HostileDir)
	if err != nil {
		return nil, err
	}
	run := fmt.Sprintf("r%d", time.Now().Unix()%1_000_000)
	var out []Outcome
	for _, s := range list {
		fmt.Fprintf(opt.Out, "\n=== %s: %s\n", s.Name, s.Doc)
		rep, err := s.Run(ctx, opt, run, corpus)
		out = append(out, Outcome{Scenario: s.Name, Report: rep, Err: err})
		switch {
		case err != nil:
			fmt.Fprintf(opt.Out, "ERROR %s: %v\n", s.Name, err)
		default:
			fmt.Fprint(opt.Out, rep.Summary())
		}
		if ctx.Err() != nil {
			break
		}
	}
	return out, nil
}

// Table renders outcomes as a Markdown table for the README and CI logs.
func Table(outs []Outcome) string {
	var b strings.Builder
	b.WriteString("| scenario | records | lost | duplicates (crashes, per crash, bound) | inversions | commit regressions | drain | result |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	for _, o := range outs {
		if o.Report == nil {
			fmt.Fprintf(&b, "| %s | | | | | | | ERROR: %v |\n", o.Scenario, o.Err)
			continue
		}
		r := o.Report
		drain := r.Drain.Round(100 * time.Millisecond).String()
		if !r.Drained {
			drain = "not drained in " + r.Drain.Round(time.Second).String()
		}
		result := "pass"
		if !o.Pass() {
			result = "FAIL"
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d (%d, %.0f, %d) | %d | %d | %s | %s |\n", o.Scenario, r.Records, r.Lost,
			r.Duplicates, r.Criteria.Crashes, r.DuplicatesPerCrash, r.Criteria.BoundPerCrash, r.Inversions, len(r.Regressions), drain, result)
	}
	return b.String()
}
