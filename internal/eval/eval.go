// Package eval measures a routing or extraction engine on a labelled JSONL
// set: the rules engine built from a rules file, or any processor injected
// by the caller (the LLM engine, or the LLM with rules fallback). It is what
// "triage eval" runs, and it holds the scoring the rules' quality tests use.
//
// A data file holds one record a line: an input event exactly as it arrives
// on its topic (ticket.v1 for routing, email.v1 for extraction, html and
// raw_mime included) plus "gold", decoded by the live decoder (see Load).
// Route gold is {"queue"}; extract gold is {"is_order","order_ref","items":
// [{"product","sku","quantity","unit_price"}],"currency"}. The legacy
// envelope {"id","subject","body","gold"} is still read.
//
// Scores (ScoreRoutes, ScoreOrders, InjectedItems) are honest: price
// accuracy over every gold price, order_ref and currency over the records
// whose gold has one (abstentions apart), macro-F1 over the gold queues,
// items under a word-overlap match with equal quantity, and tokens and cost
// of every paid call.
package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/model"
	"github.com/triage/triage/processors/rules"
)

// Tasks and modes.
const (
	TaskRoute   = "route"
	TaskExtract = "extract"

	ModeRules   = "rules"
	ModeLLM     = "llm"
	ModeCascade = "cascade" // the LLM first, the rules when it fails
)

// Options say what to evaluate.
type Options struct {
	Task      string // TaskRoute or TaskExtract
	Data      string // path of the JSONL cases
	Mode      string // ModeRules (default), ModeLLM or ModeCascade; a label when a processor is injected
	RulesFile string // rules file for the rules engine; "" means the embedded default rules
	// RouteModel, when set, routes beside the rules as the service runs
	// them with rules.model (model.Combine); nil routes with the rules
	// alone. The caller resolves it (model.Resolve), as the service does.
	RouteModel *model.Model
	// OrderModel, when set, checks the rules' orders as the service does
	// with rules.order_model (model.CombineOrders); nil extracts with the
	// rules alone.
	OrderModel *model.Model

	// Route and Extract, when set, are used for their task instead of the
	// rules engine, whatever Mode says: this is how the LLM and cascade
	// processors are injected. Without one, Mode llm and cascade fail with a
	// usage error.
	Route, Extract processors.Processor

	// Concurrency bounds how many records are processed at once; <= 0
	// means GOMAXPROCS.
	Concurrency int

	// Predictions, when set, receives one JSON line per record, in file
	// order (see Prediction).
	Predictions io.Writer
}

// UsageError is an error in the options rather than in the data: a bad task
// or mode, a mode that needs an LLM that was not configured, a rules file
// that does not load. "triage eval" exits with code 2 on it.
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &UsageError{fmt.Sprintf(format, a...)} }

// IsUsage reports whether err is (or wraps) a UsageError.
func IsUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}

// Run evaluates the processor chosen by o on every record of o.Data and
// scores the decisions. A processor error on one record does not stop the
// run: the record counts as wrong (predicted queue "(error)", or no order)
// and is counted in Report.Errors. Run fails on bad options (a UsageError),
// on unreadable or malformed data (the error names the line), when writing
// o.Predictions fails and when ctx ends.
func Run(ctx context.Context, o Options) (Report, error) {
	if o.Mode == "" {
		o.Mode = ModeRules
	}
	if !slices.Contains([]string{TaskRoute, TaskExtract}, o.Task) {
		return Report{}, usagef("eval: --task must be route or extract, not %q", o.Task)
	}
	if !slices.Contains([]string{ModeRules, ModeLLM, ModeCascade}, o.Mode) {
		return Report{}, usagef("eval: --mode must be rules, llm or cascade, not %q", o.Mode)
	}
	p, version, queues, err := o.processor()
	if err != nil {
		return Report{}, err
	}
	rep := Report{Task: o.Task, Mode: o.Mode, Data: o.Data, RulesVersion: version, Usage: newUsage()}
	workers := o.Concurrency
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var preds []Prediction
	switch o.Task {
	case TaskRoute:
		cases, err := LoadRoutes(o.Data)
		if err != nil {
			return Report{}, err
		}
		outs, err := processAll(ctx, p, cases, workers)
		if err != nil {
			return Report{}, err
		}
		rep.fillRoute(cases, outs, queues)
		rep.Samples = routeSamples(cases, outs)
		preds = predictions(cases, outs)
		rep.Legacy = countLegacy(cases)
	case TaskExtract:
		cases, err := LoadOrders(o.Data)
		if err != nil {
			return Report{}, err
		}
		outs, err := processAll(ctx, p, cases, workers)
		if err != nil {
			return Report{}, err
		}
		injected, err := InjectedIDs(o.Data)
		if err != nil {
			return Report{}, err
		}
		rep.fillExtract(cases, outs, injected)
		rep.Samples = orderSamples(cases, outs)
		preds = predictions(cases, outs)
		rep.Legacy = countLegacy(cases)
	}
	rep.Reliability = reliability(engineOf(o), o.Task, rep.Samples)
	if o.Predictions != nil {
		if err := WritePredictions(o.Predictions, preds); err != nil {
			return Report{}, err
		}
	}
	return rep, nil
}

// processor returns the processor to evaluate, the rules version when it is
// the rules engine, and the rules' queues (nil unless the rules route).
func (o Options) processor() (processors.Processor, string, []string, error) {
	injected := o.Route
	if o.Task == TaskExtract {
		injected = o.Extract
	}
	if injected != nil {
		return injected, "", nil, nil
	}
	if o.Mode != ModeRules {
		return nil, "", nil, usagef("eval: --mode %s needs an LLM (configure llm.* settings)", o.Mode)
	}
	r, err := LoadRules(o.RulesFile)
	if err != nil {
		return nil, "", nil, err
	}
	if o.Task == TaskRoute && o.RouteModel != nil {
		c, err := model.Combine(rules.NewRouter(r), r.Version(), r.Router.Queues, o.RouteModel)
		if err != nil {
			return nil, "", nil, usagef("eval: %v", err)
		}
		return c, c.Version(), r.Router.Queues, nil
	}
	if o.Task == TaskRoute {
		return rules.NewRouter(r), r.Version(), r.Router.Queues, nil
	}
	if o.OrderModel != nil {
		c, err := model.CombineOrders(rules.NewExtractor(r), r.Version(), o.OrderModel)
		if err != nil {
			return nil, "", nil, usagef("eval: %v", err)
		}
		return c, c.Version(), nil, nil
	}
	return rules.NewExtractor(r), r.Version(), nil, nil
}

// LoadRules loads the rules file at path, or the default rules when path is
// empty; a failure is a UsageError.
func LoadRules(path string) (*rules.Rules, error) {
	var r *rules.Rules
	var err error
	if path == "" {
		r, err = rules.Default()
	} else {
		r, err = rules.Load(path)
	}
	if err != nil {
		return nil, usagef("eval: %v", err)
	}
	return r, nil
}
