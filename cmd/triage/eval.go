package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/model"
	"github.com/triage/triage/processors/rules"
)

// evalEngine, when set, builds the processor that "triage eval" measures in
// --mode llm or cascade, for task "route" or "extract"; r is the rules the
// cascade falls back to (--rules, or the default rules) and m the task's
// model beside them (--rules.model or --rules.order_model; nil for none).
// It is the hook for
// wiring the configured LLM; while it is nil those modes are usage errors
// (exit code 2).
var evalEngine func(ctx context.Context, mode, task string, r *rules.Rules, m *model.Model) (processors.Processor, error)

const evalUsage = `usage: triage eval --task route|extract --data FILE.jsonl [--mode rules|llm|cascade] [--rules FILE] [--predictions FILE] [--model FILE] [--fit-calibration FILE] [--json]

Scores an engine on a labelled JSONL set, one record a line: an input event
exactly as it arrives on its topic, plus "gold", decoded by the live decoder:
  route:   the ticket.v1 fields (ticket_id, subject, body, channel, customer,
           created_at) and "gold":{"queue":"..."}
  extract: the email.v1 fields (message_id, from, to, subject, text, html,
           raw_mime, received_at, in_reply_to, references) and
           "gold":{"is_order":true,"order_ref":"...","currency":"EUR",
           "items":[{"product":"...","sku":"...","quantity":1,"unit_price":2.5}]}
Any other key is an error naming it and the line. The legacy envelope
{"id","subject","body","gold"} is still read (wrapped in an event).
A rules file names its own queues and fallback queue, so --rules scores the rules
engine on other label sets (e.g. processors/rules/bitext.yaml).

The report ends with a reliability table: per confidence bin, the decisions,
their mean confidence and the share right, and the ECE, raw and (for the
rules, whose tables are embedded) calibrated. --fit-calibration FILE fits
a table to the run's raw confidences (processors/calib; go generate
./processors/calib/ refits the embedded ones on the development sets).

Exit codes: 0 report written, 1 data missing or malformed, 2 usage or configuration error.

flags:
`

// cmdEval is "triage eval": routing or extraction quality on a labelled set.
func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("triage eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, evalUsage)
		fs.PrintDefaults()
	}
	var o eval.Options
	fs.StringVar(&o.Task, "task", "", "route or extract (required)")
	fs.StringVar(&o.Data, "data", "", "labelled JSONL records (required)")
	fs.StringVar(&o.Mode, "mode", eval.ModeRules, "engine: rules, llm or cascade (the LLM with rules fallback)")
	fs.StringVar(&o.RulesFile, "rules", "", "rules file (default: the embedded default rules)")
	fs.IntVar(&o.Concurrency, "concurrency", 0, "records processed at once (default GOMAXPROCS)")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	predsPath := fs.String("predictions", "", "write one JSON line per record to this file: id, line, gold, prediction, source, confidence")
	modelPath := fs.String("model", "", "routing model file (triage learn) or builtin: print rules-only, model-only and combined side by side")
	routeModel := fs.String("rules.model", model.SpecDefault, "routing model beside the rules, as the service's rules.model: a file, builtin or none (default: builtin with the embedded rules, none with --rules)")
	orderModel := fs.String("rules.order_model", model.SpecDefault, "order model checking the rules' orders, as the service's rules.order_model: builtin or none (default: builtin with the embedded rules, none with --rules)")
	fitPath := fs.String("fit-calibration", "", "fit a confidence calibration table (processors/calib) to this run's raw confidences and write it to this file; --mode rules or llm; a HELDOUT set is refused")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "triage eval: unexpected argument %q\n", fs.Arg(0))
		return 2
	case o.Task == "" || o.Data == "":
		fmt.Fprintln(stderr, "triage eval: --task and --data are required")
		fs.Usage()
		return 2
	}
	if *modelPath != "" {
		return evalModel(ctx, o, *modelPath, *asJSON, stdout, stderr)
	}
	var err error
	switch o.Task {
	case eval.TaskRoute:
		if o.RouteModel, err = model.Resolve(*routeModel, o.RulesFile); err != nil {
			fmt.Fprintf(stderr, "triage eval: --rules.model: %v\n", err)
			return 2
		}
	case eval.TaskExtract:
		if o.OrderModel, err = model.ResolveOrders(*orderModel, o.RulesFile); err != nil {
			fmt.Fprintf(stderr, "triage eval: --rules.order_model: %v\n", err)
			return 2
		}
	}
	if *fitPath != "" {
		if err := checkFitCalibration(o); err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
	}
	if (o.Mode == eval.ModeLLM || o.Mode == eval.ModeCascade) && evalEngine != nil &&
		(o.Task == eval.TaskRoute || o.Task == eval.TaskExtract) {
		r, err := eval.LoadRules(o.RulesFile)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
		m := o.RouteModel
		if o.Task == eval.TaskExtract {
			m = o.OrderModel
		}
		p, err := evalEngine(ctx, o.Mode, o.Task, r, m)
		if err != nil {
			fmt.Fprintf(stderr, "triage eval: %v\n", err)
			return 2
		}
		o.Route, o.Extract = p, p
	}
	var pf *os.File
	if *predsPath != "" {
		f, err := os.Create(*predsPath)
		if err != nil {
			fmt.Fprintf(stderr, "triage eval: --predictions: %v\n", err)
			return 2
		}
		pf, o.Predictions = f, f
	}
	rep, err := eval.Run(ctx, o)
	if pf != nil {
		if cerr := pf.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("triage eval: --predictions: %w", cerr)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		if eval.IsUsage(err) {
			return 2
		}
		return 1
	}
	if *fitPath != "" {
		if err := writeCalibration(*fitPath, o, rep); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	if *asJSON {
		err = json.NewEncoder(stdout).Encode(rep)
	} else {
		err = rep.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "triage eval: %v\n", err)
		return 1
	}
	return 0
}
