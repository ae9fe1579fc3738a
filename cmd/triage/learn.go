package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/internal/learn"
	"github.com/triage/triage/processors/model"
	"github.com/triage/triage/processors/rules"
)

const learnUsage = `usage: triage learn --out MODEL.json [--data FILE.jsonl]... [--corrections FILE.jsonl]...
                    [--events [--from RFC3339] [--to RFC3339] [--config FILE] [flags]] [--rules FILE]

Trains the routing model (multinomial naive Bayes over words, word pairs and
character n-grams) that the rules engine uses beside its rules when
rules.model names it. Examples come from labelled JSONL files in the format
triage eval reads (--data: weight 1; --corrections: people's corrections,
weight --human-weight) and, with --events, from the routed events published
between --from and --to: LLM answers that passed validation (source llm or
cache, no fallback_reason) and corrections (source human, --human-weight);
rules decisions and fallbacks are left out and counted. Each event's ticket
is read back from its input topic. The model's queues must be queues of the
rules it will serve beside (--rules; with --events the configured
rules.file; else the embedded default).

Exit codes: 0 model written, 1 data missing or unreadable, 2 usage or configuration error.

flags:
`

// cmdLearn is "triage learn": train the routing model and write its file.
func cmdLearn(ctx context.Context, args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	fs := flag.NewFlagSet("triage learn", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, learnUsage)
		fs.PrintDefaults()
	}
	var data, corrections repeated
	fs.Var(&data, "data", "labelled JSONL file (ticket event + gold, the eval format), repeatable")
	fs.Var(&corrections, "corrections", "labelled JSONL file of people's corrections, weighted by --human-weight, repeatable")
	out := fs.String("out", "", "model file to write (required)")
	rulesFile := fs.String("rules", "", "rules file whose queues the model must stay within (default: rules.file with --events, else the embedded default)")
	o := learn.DefaultOptions()
	fs.Float64Var(&o.Alpha, "alpha", o.Alpha, "smoothing of the feature counts")
	fs.Float64Var(&o.MinWeight, "min-weight", o.MinWeight, "drop features whose total weight is below this")
	fs.Float64Var(&o.Policy.RulesStrong, "rules-strong", o.Policy.RulesStrong, "rules confidence at which the rules' answer stands whatever the model says")
	fs.Float64Var(&o.Policy.Abstained, "abstained", o.Policy.Abstained, "model probability needed to answer when the rules matched nothing")
	fs.Float64Var(&o.Policy.Overrule, "overrule", o.Policy.Overrule, "model probability needed to replace a weaker rules answer")
	ev := bindEventFlags(fs, "LLM decisions and corrections")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || *out == "" || len(data)+len(corrections) == 0 && !ev.events {
		fmt.Fprintln(stderr, "triage learn: --out and at least one of --data, --corrections, --events are required")
		fs.Usage()
		return 2
	}
	var ex []learn.Example
	o.Skipped = map[string]int{}
	for _, src := range []struct {
		files  repeated
		weight float64
		source string
	}{{data, 1, learn.SourceLabelled}, {corrections, ev.humanWeight, learn.SourceHuman}} {
		for _, path := range src.files {
			e, err := learn.ReadLabelled(path, src.weight, src.source)
			if err != nil {
				fmt.Fprintln(stderr, err)
				return 1
			}
			ex, o.Sources = append(ex, e...), append(o.Sources, path)
		}
	}
	if ev.events {
		ds, skipped, topic, code := ev.decisions(ctx, lookup, stderr, "triage learn", true, rulesFile)
		if code != 0 {
			return code
		}
		maps.Copy(o.Skipped, skipped)
		ex, o.Sources = append(ex, learn.RouteExamples(ds, o.Skipped)...), append(o.Sources, "topic "+topic)
	}
	rs, err := eval.LoadRules(*rulesFile)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	m, err := learn.Train(ex, o)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if _, err := model.Combine(rules.NewRouter(rs), rs.Version(), rs.Router.Queues, m); err != nil {
		fmt.Fprintf(stderr, "triage learn: %v\n", err)
		return 1
	}
	b, err := m.Encode()
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "triage learn: %v\n", err)
		return 1
	}
	s := m.Training
	fmt.Fprintf(stdout, "triage learn: %s written to %s (%d bytes): %d examples (weight %g), %d queues, %d features\n",
		m.Version, *out, len(b), s.Examples, s.Weight, len(m.Classes), len(m.Counts))
	fmt.Fprintf(stdout, "  read: %s\n", strings.Join(s.Sources, ", "))
	for _, k := range slices.Sorted(maps.Keys(s.BySource)) {
		fmt.Fprintf(stdout, "  from %s: %d\n", k, s.BySource[k])
	}
	for _, k := range slices.Sorted(maps.Keys(s.Skipped)) {
		fmt.Fprintf(stdout, "  left out, %s: %d\n", k, s.Skipped[k])
	}
	fmt.Fprintf(stdout, "serve it beside the rules with rules.model: %s (engine_version %s)\n", *out, model.Version(rs.Version(), m))
	return 0
}
