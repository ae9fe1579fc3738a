package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/processors/model"
	"github.com/triage/triage/processors/rules"
)

// evalModel is "triage eval --model FILE": the rules (--rules), the model
// alone and the two combined (as the service runs them with rules.model),
// scored on the same routing records, side by side. Exit codes as triage
// eval's.
func evalModel(ctx context.Context, o eval.Options, modelPath string, asJSON bool, stdout, stderr io.Writer) int {
	if o.Task != eval.TaskRoute || o.Mode != eval.ModeRules {
		fmt.Fprintln(stderr, "triage eval: --model compares the rules, the model and both combined: it needs --task route and --mode rules")
		return 2
	}
	r, err := eval.LoadRules(o.RulesFile)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	m, err := model.Resolve(modelPath, "")
	if err == nil && m == nil {
		err = fmt.Errorf("%q names no model: give a model file or builtin", modelPath)
	}
	if err != nil {
		fmt.Fprintf(stderr, "triage eval: --model: %v\n", err)
		return 2
	}
	router := rules.NewRouter(r)
	combined, err := model.Combine(router, r.Version(), r.Router.Queues, m)
	if err != nil {
		fmt.Fprintf(stderr, "triage eval: --model: %v\n", err)
		return 2
	}
	cols, err := eval.Compare(ctx, o, []eval.Engine{
		{Name: "rules-only", Route: router}, {Name: "model-only", Route: m}, {Name: "combined", Route: combined},
	})
	if err != nil {
		fmt.Fprintln(stderr, err)
		if eval.IsUsage(err) {
			return 2
		}
		return 1
	}
	if asJSON {
		err = json.NewEncoder(stdout).Encode(struct {
			Rules   string        `json:"rules_version"`
			Model   string        `json:"model_version"`
			Engines []eval.Column `json:"engines"`
		}{r.Version(), m.Version, cols})
	} else {
		fmt.Fprintf(stdout, "rules %s, model %s (%d examples)\n", r.Version(), m.Version, m.Training.Examples)
		err = eval.WriteComparison(stdout, o.Data, cols)
	}
	if err != nil {
		fmt.Fprintf(stderr, "triage eval: %v\n", err)
		return 1
	}
	return 0
}
