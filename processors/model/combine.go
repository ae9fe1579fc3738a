package model

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/triage/triage/processors"
)

// Policy says when the model's answer is taken over the rules'. It is part
// of the model file (and so of its version); triage learn sets it.
type Policy struct {
	// RulesStrong: a rules answer with at least this confidence stands,
	// whatever the model says.
	RulesStrong float64 `json:"rules_strong"`
	// Abstained: when the rules matched nothing (they answered their
	// fallback queue), the model's top class is taken if its probability
	// is at least this.
	Abstained float64 `json:"abstained"`
	// Overrule: a weaker rules answer is replaced by the model's top class
	// when that is another queue with at least this probability.
	Overrule float64 `json:"overrule"`
}

// DefaultPolicy is the policy triage learn writes unless told.
var DefaultPolicy = Policy{RulesStrong: 0.5, Abstained: 0.3, Overrule: 0.8}

func (p Policy) validate() error {
	for _, v := range []float64{p.RulesStrong, p.Abstained, p.Overrule} {
		if math.IsNaN(v) || v < 0 || v > 1 {
			return fmt.Errorf("model: combine policy %+v: every threshold must be in [0,1]", p)
		}
	}
	return nil
}

// Evidence is the decision.matched entry of the model, with its
// probability: "model:0.93".
func Evidence(p float64) string { return "model:" + strconv.FormatFloat(p, 'f', 2, 64) }

// Combined routes with the rules router and the model together. It is a
// processors.Processor, safe for concurrent use; it honours ctx through
// the rules processor.
type Combined struct {
	rules   processors.Processor
	model   *Model
	version string
}

// Combine returns the processor that asks rulesProc (the rules router for
// rules version rulesVersion, answering *processors.Route) and then the
// model, deciding by the model's Policy. Every class of the model must be
// one of queues (the rules' queues), so the model can never send a ticket
// where the service does not route; Combine fails naming the others.
//
// Outputs keep source "rules" and carry engine version
// rulesVersion+"+"+m.Version; decision.matched lists the model
// (Evidence) whenever it voted for the queue decided: beside the rules'
// matches when it agreed, alone when it decided. The confidence says how
// much the two agree: the model's probability when it decided; the larger
// of the rules' confidence and the model's probability when they agree;
// the smaller of the rules' confidence and the model's probability of the
// rules' queue when the rules stand against the model; and the rules'
// fallback keeps its 0.
func Combine(rulesProc processors.Processor, rulesVersion string, queues []string, m *Model) (*Combined, error) {
	var unknown []string
	for _, c := range m.Classes {
		if !slices.Contains(queues, c) {
			unknown = append(unknown, c)
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("model: %s answers queues the rules do not list: %v: add them to the rules' queues or retrain on this queue set", m.Version, unknown)
	}
	return &Combined{rules: rulesProc, model: m, version: Version(rulesVersion, m)}, nil
}

// Version is the engine version of rules combined with m.
func Version(rulesVersion string, m *Model) string { return rulesVersion + "+" + m.Version }

// Version is the engine version of c's outputs.
func (c *Combined) Version() string { return c.version }

// Process implements processors.Processor.
func (c *Combined) Process(ctx context.Context, in processors.Input) (processors.Output, error) {
	out, err := c.rules.Process(ctx, in)
	if err != nil {
		return out, err
	}
	rt, ok := out.Decision.(*processors.Route)
	if !ok || rt == nil {
		return out, fmt.Errorf("model: the rules answered %T, not *processors.Route", out.Decision)
	}
	conf := confidence(out)
	scores := c.model.Predict(in.Subject, in.Body)
	top := scores[0]
	route := *rt
	route.Matched = slices.Clone(rt.Matched)
	switch {
	case c.model.Combine.takesModel(len(rt.Matched) == 0, conf, rt.Queue, top):
		route = processors.Route{Queue: top.Class, Matched: []string{Evidence(top.P)}}
		conf = top.P
	case top.Class == route.Queue:
		route.Matched = append(route.Matched, Evidence(top.P))
		conf = max(conf, top.P)
	case len(rt.Matched) > 0:
		conf = min(conf, probOf(scores, route.Queue))
	}
	out.Decision = &route
	out.Provenance.EngineVersion = c.version
	out.Provenance.Confidence = &conf
	return out, nil
}

// confidence is the rules' confidence in out, 0 when they gave none.
func confidence(out processors.Output) float64 {
	if c := out.Provenance.Confidence; c != nil {
		return *c
	}
	return 0
}

// probOf is the model's probability of class (0 when it does not know it).
func probOf(scores []Score, class string) float64 {
	for _, s := range scores {
		if s.Class == class {
			return s.P
		}
	}
	return 0
}

// takesModel reports whether the model's top class replaces the rules'
// queue: abstained says the rules matched nothing.
func (p Policy) takesModel(abstained bool, rulesConf float64, rulesQueue string, top Score) bool {
	switch {
	case top.Class == rulesQueue:
		return false
	case abstained:
		return top.P >= p.Abstained
	case rulesConf >= p.RulesStrong:
		return false
	default:
		return top.P >= p.Overrule
	}
}
