package bench

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// line is a phase's figures on one line.
func (o Outcome) line() string {
	if o.Err != "" {
		return "FAILED: " + o.Err
	}
	s := fmt.Sprintf("%.0f msg/s, %.1f µs CPU per record, %s, %d outputs", o.Rate(), us(o.CPUPerRecord()), o.rss(), o.Outputs)
	if o.Latency != nil {
		s += fmt.Sprintf(", added latency p50 %s p99 %s (%d samples)", ms(o.Latency.P50), ms(o.Latency.P99), o.Latency.Samples)
	}
	if o.Verdict != nil {
		s += "; " + o.Verdict.String()
	}
	return s
}

// rss is the phase's memory in words: the peak while it ran, the peak
// with the consumer's shutdown when that was higher, and what was resident
// at the end.
func (o Outcome) rss() string {
	s := fmt.Sprintf("peak RSS %.1f MB while running", mb(o.runPeak()))
	if o.MaxRSS > o.runPeak() {
		s += fmt.Sprintf(" (%.1f MB with the shutdown)", mb(o.MaxRSS))
	}
	if o.EndRSS > 0 {
		s += fmt.Sprintf(", %.1f MB at the end", mb(o.EndRSS))
	}
	return s
}

// runPeak is the peak RSS up to the last record (MaxRSS when not known).
func (o Outcome) runPeak() int64 {
	if o.RunRSS > 0 {
		return o.RunRSS
	}
	return o.MaxRSS
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
func mb(b int64) float64         { return float64(b) / 1e6 }
func ms(d time.Duration) string  { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// Ratio is the pipeline's rate over the passthrough's, 0 when either is missing.
func (r *Report) Ratio() float64 {
	var pt, pl float64
	for _, o := range r.Outcomes {
		switch {
		case o.Err != "":
		case o.Kind == Passthrough:
			pt = o.Rate()
		case o.Kind == Pipeline:
			pl = o.Rate()
		}
	}
	if pt == 0 || pl == 0 {
		return 0
	}
	return pl / pt
}

// pipeline is the pipeline phase's outcome when it succeeded, else the
// zero Outcome (rate 0).
func (r *Report) pipeline() Outcome {
	for _, o := range r.Outcomes {
		if o.Kind == Pipeline && o.Err == "" {
			return o
		}
	}
	return Outcome{}
}

func (r *Report) pipelineRate() float64 { return r.pipeline().Rate() }

// Scenario is the run's parameters in one line.
func (r *Report) Scenario() string {
	o := r.Options
	mode := fmt.Sprintf("backlog of %d records", r.Seeded.Records)
	if o.Rate > 0 {
		mode = fmt.Sprintf("paced at %g msg/s for %s (%d records)", o.Rate, o.Duration, r.Seeded.Records)
	}
	s := fmt.Sprintf("%s; sizes %s B; mix tickets:emails:bad %s; %d keys; %d partitions", mode, o.Sizes, o.Mix, o.Keys, o.Partitions)
	if o.LLM {
		s += fmt.Sprintf("; LLM simulator at %s, concurrency %d, rpm %d", o.LLMLatency, o.LLMConcurrency, o.RPM)
	} else {
		s += "; rules only"
	}
	return s
}

// rows are the table's lines: phase, msg/s, CPU µs/record, peak RSS MB
// (while running), RSS MB at the end, p50, p99, outputs, check.
func (r *Report) rows() [][]string {
	var rows [][]string
	for _, o := range r.Outcomes {
		if o.Err != "" {
			rows = append(rows, []string{o.Kind, "FAILED: " + o.Err, "", "", "", "", "", "", ""})
			continue
		}
		p50, p99 := "–", "–"
		if o.Latency != nil {
			p50, p99 = ms(o.Latency.P50), ms(o.Latency.P99)
		}
		check := "not checked"
		if o.Verdict != nil {
			check = o.Verdict.String()
		}
		rss, end := fmt.Sprintf("%.1f", mb(o.runPeak())), "–"
		if o.MaxRSS > o.runPeak() {
			rss += fmt.Sprintf(" (%.1f with the shutdown)", mb(o.MaxRSS))
		}
		if o.EndRSS > 0 {
			end = fmt.Sprintf("%.1f", mb(o.EndRSS))
		}
		if !o.Isolated {
			rss += " (whole bench process)"
		}
		rows = append(rows, []string{o.Kind, fmt.Sprintf("%.0f", o.Rate()), fmt.Sprintf("%.1f", us(o.CPUPerRecord())), rss, end, p50, p99, fmt.Sprint(o.Outputs), check})
	}
	return rows
}

var header = []string{"phase", "msg/s", "CPU µs/record", "peak RSS MB", "RSS at end MB", "p50 added", "p99 added", "outputs", "check"}

// summary are the lines under the table: the ratio, the LLM bound.
func (r *Report) summary() []string {
	var s []string
	if q := r.Ratio(); q > 0 && r.Options.Rate == 0 { // paced: both run at the given rate
		s = append(s, fmt.Sprintf("pipeline / passthrough: %.3f×", q))
	}
	if r.Options.LLM && r.Bound > 0 {
		s = append(s, fmt.Sprintf("LLM path: %.0f msg/s against the bound min(C/L, RPM/60) = %.0f msg/s: %.3f of the bound; the simulator answered %d calls",
			r.pipelineRate(), r.Bound, r.pipelineRate()/r.Bound, r.LLMAnswered))
		if st := r.pipeline().Steady; st > 0 {
			s = append(s, fmt.Sprintf("LLM path without fill and drain (between 10%% and 90%% of the records finished): %.0f msg/s, %.3f of the bound", st, st/r.Bound))
		}
	}
	return s
}

// Table writes the human summary.
func (r *Report) Table(w io.Writer) {
	fmt.Fprintf(w, "triage bench: %s\nbroker: %s\n\n", r.Scenario(), r.Broker)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, row := range r.rows() {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
	for _, l := range r.summary() {
		fmt.Fprintln(w, l)
	}
}

// Markdown writes a section for BENCHMARKS.md: the command, commit,
// machine, date, broker, the table and the summary.
func (r *Report) Markdown(w io.Writer, command, commit string) {
	fmt.Fprintf(w, "\n### %s\n\n", r.Scenario())
	fmt.Fprintf(w, "- command: `%s`\n- commit: %s\n- date: %s\n- machine: %s\n- broker: %s\n\n", command, commit, r.Started.UTC().Format(time.RFC3339), Machine(), r.Broker)
	fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat("---|", len(header)))
	for _, row := range r.rows() {
		fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
	}
	if s := r.summary(); len(s) > 0 {
		fmt.Fprintf(w, "\n%s\n", strings.Join(s, "  \n"))
	}
}
