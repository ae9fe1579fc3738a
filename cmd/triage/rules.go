package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/processors/rules"
)

const rulesUsage = `usage: triage rules suggest|check [flags]

  suggest  propose catalog aliases and order cues from labelled or LLM-extracted orders
  check    lint a rules file's router
`

const checkUsage = `usage: triage rules check [--rules FILE] [--data FILE.jsonl[,FILE.jsonl...]] [--json]

Lints the router section of a rules file (default: the embedded default
rules): terms listed twice, terms shadowed by a shorter term of the same
queue, queues no rule votes for, queues without a description and, with
--data (labelled tickets, the format triage eval --task route reads),
phrases of two or more words and patterns that fire on exactly one record.
One finding a line, "error" or "warning" first.

Exit codes: 0 no error (warnings may be printed), 1 an error finding or
unreadable data, 2 usage error or invalid rules file.

flags:
`

// cmdRules dispatches "triage rules SUB".
func cmdRules(ctx context.Context, args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	if len(args) > 0 {
		switch args[0] {
		case "suggest":
			return cmdSuggest(ctx, args, stdout, stderr, lookup)
		case "check":
			return cmdCheck(args[1:], stdout, stderr)
		}
	}
	fmt.Fprint(stderr, rulesUsage)
	return 2
}

// cmdCheck is "triage rules check".
func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := usageFlags("triage rules check", checkUsage, stderr)
	rulesFile := fs.String("rules", "", "rules file to lint (default: the embedded default rules)")
	data := fs.String("data", "", "labelled tickets, comma-separated files, to count each phrase's records on")
	asJSON := fs.Bool("json", false, "print the findings as one JSON array")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	rs, err := eval.LoadRules(*rulesFile)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	var ex []rules.Example
	for _, f := range strings.Split(*data, ",") {
		if f == "" {
			continue
		}
		cases, err := eval.LoadRoutes(f)
		if err != nil {
			fmt.Fprintf(stderr, "triage rules check: %v\n", err)
			return 1
		}
		for _, c := range cases {
			ex = append(ex, rules.Example{ID: f + ":" + c.ID(), Subject: c.In.Subject, Body: c.In.RawBody, Queue: c.Gold.Queue})
		}
	}
	found := rules.Check(rs, ex)
	code, errs := 0, 0
	for _, f := range found {
		if f.Error() {
			code, errs = 1, errs+1
		}
	}
	if *asJSON {
		if found == nil {
			found = []rules.Finding{}
		}
		b, _ := json.MarshalIndent(found, "", "  ")
		fmt.Fprintln(stdout, string(b))
		return code
	}
	for _, f := range found {
		fmt.Fprintln(stdout, f)
	}
	fmt.Fprintf(stdout, "%s: %d errors, %d warnings (%d labelled records)\n", rs.Version(), errs, len(found)-errs, len(ex))
	return code
}

// usageFlags is a flag set that reports errors to stderr and prints usage
// before its flags.
func usageFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	return fs
}
