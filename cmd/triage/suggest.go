package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/internal/learn"
	"github.com/triage/triage/processors"
)

const suggestUsage = `usage: triage rules suggest (--data FILE.jsonl | --events [--from RFC3339] [--to RFC3339] [--config FILE] [flags])
                          [--rules FILE] [--min-count 2]

Compares the rules extractor with labelled orders (--data: email events plus
gold, the format triage eval reads) or with the order events published
between --from and --to (LLM answers that passed validation and people's
corrections) and prints proposals as YAML for a person to review: catalog
aliases (the rules' product name -> the label's) and order and non-order
cue phrases, each with its evidence count. Nothing is applied.

Exit codes: 0 printed, 1 data missing or unreadable, 2 usage or configuration error.

flags:
`

// cmdSuggest is "triage rules suggest"; args[0] is "suggest".
func cmdSuggest(ctx context.Context, args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	fs := usageFlags("triage rules suggest", suggestUsage, stderr)
	data := fs.String("data", "", "labelled extraction JSONL (email event + gold)")
	rulesFile := fs.String("rules", "", "rules file to compare (default: rules.file with --events, else the embedded default)")
	minCount := fs.Int("min-count", 2, "evidence needed for a proposal: order lines for an alias, emails for a cue")
	ev := bindEventFlags(fs, "LLM extractions and corrections")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() > 0 || (*data == "") == !ev.events {
		fmt.Fprintln(stderr, "triage rules suggest: give one of --data and --events")
		fs.Usage()
		return 2
	}
	var ex []learn.OrderExample
	if *data != "" {
		cases, err := eval.LoadOrders(*data)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		for _, c := range cases {
			ex = append(ex, learn.OrderExample{In: c.In, Order: c.Gold})
		}
	} else {
		ds, _, _, code := ev.decisions(ctx, lookup, stderr, "triage rules suggest", false, rulesFile)
		if code != 0 {
			return code
		}
		for _, d := range ds {
			var o processors.Order
			if json.Unmarshal(d.Decision, &o) == nil {
				ex = append(ex, learn.OrderExample{In: d.Input, Order: o})
			}
		}
	}
	rs, err := eval.LoadRules(*rulesFile)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	s, err := learn.Suggest(ctx, rs, ex, *minCount)
	if err == nil {
		err = s.WriteYAML(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "triage rules suggest: %v\n", err)
		return 1
	}
	return 0
}
