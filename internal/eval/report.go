package eval

import (
	"fmt"
	"slices"
	"sort"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/calib"
)

// Report is the outcome of one Run. Exactly one of RouteResult and
// ExtractResult is set, matching Task; their fields are promoted, and in
// JSON they sit at the top level beside task, mode and n.
type Report struct {
	Task         string `json:"task"`
	Mode         string `json:"mode"`
	Data         string `json:"data"`
	RulesVersion string `json:"rules_version,omitempty"` // when the rules engine was evaluated
	N            int    `json:"n"`
	// Legacy counts records in the legacy envelope (see Load).
	Legacy int `json:"legacy_records,omitempty"`
	// Errors counts records whose processor returned an error; FirstError is
	// the first of them ("id: message").
	Errors     int    `json:"errors"`
	FirstError string `json:"first_error,omitempty"`

	*RouteResult
	*ExtractResult

	Usage Usage `json:"provenance"`

	// Reliability is the confidence against accuracy table (reliability.go);
	// Samples are its decisions, for a calibration fit (--fit-calibration).
	Reliability *Reliability   `json:"reliability,omitempty"`
	Samples     []calib.Sample `json:"-"`
}

// ErrorLabel is the predicted queue of a record whose processor failed.
const ErrorLabel = "(error)"

func (r *Report) fillRoute(cases []Labelled[RouteGold], outs []result, queues []string) {
	gold, pred := make([]string, len(cases)), make([]string, len(cases))
	for i, c := range cases {
		gold[i], pred[i] = c.Gold.Queue, ErrorLabel
		if r.note(c, outs[i]) {
			continue
		}
		if rt, ok := outs[i].out.Decision.(*processors.Route); ok && rt != nil {
			pred[i] = rt.Queue
		} else {
			r.fail(c.ID(), fmt.Errorf("decision is %T, not *processors.Route", outs[i].out.Decision))
		}
	}
	rr := ScoreRoutes(gold, pred)
	if queues != nil {
		seen := map[string]bool{}
		for _, g := range gold {
			if !seen[g] && !slices.Contains(queues, g) {
				rr.GoldNotInRules = append(rr.GoldNotInRules, g)
			}
			seen[g] = true
		}
		sort.Strings(rr.GoldNotInRules)
	}
	r.N, r.RouteResult = len(cases), rr
}

func (r *Report) fillExtract(cases []Labelled[OrderGold], outs []result, injected map[string]bool) {
	gold, pred := make([]processors.Order, len(cases)), make([]processors.Order, len(cases))
	for i, c := range cases {
		gold[i] = c.Gold
		if r.note(c, outs[i]) {
			continue
		}
		if o, ok := outs[i].out.Decision.(*processors.Order); ok && o != nil {
			pred[i] = *o
		} else {
			r.fail(c.ID(), fmt.Errorf("decision is %T, not *processors.Order", outs[i].out.Decision))
		}
	}
	er := ScoreOrders(gold, pred)
	for i, c := range cases {
		er.InjectedItems += InjectedItems(c.In, gold[i], pred[i])
		if injected[c.ID()] {
			er.LabelledInjected++
			er.UnmatchedOnInjected += unmatchedItems(gold[i], pred[i])
		}
	}
	r.N, r.ExtractResult = len(cases), er
}

// note records one record's provenance (also on an error: a call that
// failed after the model answered was paid for) and its error; it reports
// whether the record failed.
func (r *Report) note(c interface{ ID() string }, res result) bool {
	r.Usage.add(res.out.Provenance, res.err != nil)
	if res.err != nil {
		r.fail(c.ID(), res.err)
		return true
	}
	return false
}

func (r *Report) fail(id string, err error) {
	r.Errors++
	if r.FirstError == "" {
		r.FirstError = id + ": " + err.Error()
	}
}
