package rules

import (
	"errors"
	"fmt"
	"math"
)

// maxWeight bounds the absolute weight of a signal.
const maxWeight = 100

// Validate reports the first problem found in r, naming the offending queue,
// rule or pattern: queues must be unique and non-empty, every rule must name
// a listed queue, the fallback queue must be listed, weights must be finite,
// non-zero and at most 100 in size, subject_weight in (0,10], request_weight
// 0 or in [1,10], descriptions only for listed queues, and every term and
// pattern must compile.
func (r *Rules) Validate() error {
	if err := validateRouter(r.Router); err != nil {
		return fmt.Errorf("rules: router: %w", err)
	}
	if _, err := compileExtractor(&r.Extractor); err != nil {
		return fmt.Errorf("rules: extractor: %w", err)
	}
	return nil
}

func validateRouter(rr RouterRules) error {
	if len(rr.Queues) == 0 {
		return errors.New("no queues")
	}
	queues := map[string]bool{}
	for _, q := range rr.Queues {
		if q == "" {
			return errors.New("empty queue name")
		}
		if queues[q] {
			return fmt.Errorf("queue %q listed twice", q)
		}
		queues[q] = true
	}
	if !queues[rr.FallbackQueue] {
		return fmt.Errorf("fallback_queue %q is not in queues", rr.FallbackQueue)
	}
	if !finite(rr.SubjectWeight) || rr.SubjectWeight <= 0 || rr.SubjectWeight > 10 {
		return fmt.Errorf("subject_weight %v: want a number in (0,10]", rr.SubjectWeight)
	}
	if !finite(rr.MinScore) || rr.MinScore < 0 {
		return fmt.Errorf("min_score %v: want a number >= 0", rr.MinScore)
	}
	for q := range rr.Descriptions {
		if !queues[q] {
			return fmt.Errorf("descriptions: %q is not in queues", q)
		}
	}
	if rw := rr.RequestWeight; !finite(rw) || rw != 0 && (rw < 1 || rw > 10) {
		return fmt.Errorf("request_weight %v: want 0 (unset) or a number in [1,10]", rw)
	}
	cues := newPhraseSet()
	for _, c := range rr.RequestCues {
		if _, err := cues.add(c); err != nil {
			return fmt.Errorf("request_cues: %w", err)
		}
	}
	if _, err := compileUnread(rr.IgnoreLines); err != nil {
		return err
	}
	names := map[string]bool{}
	sigs := make([]Signal, 0, len(rr.Rules))
	for i, rule := range rr.Rules {
		if rule.Name == "" {
			return fmt.Errorf("rule #%d has no name", i+1)
		}
		if names[rule.Name] {
			return fmt.Errorf("rule %q defined twice", rule.Name)
		}
		names[rule.Name] = true
		if !queues[rule.Queue] {
			return fmt.Errorf("rule %q: unknown queue %q", rule.Name, rule.Queue)
		}
		if err := validateSignal(rule.Signal, true); err != nil {
			return err
		}
		sigs = append(sigs, rule.Signal)
	}
	_, err := compileSignals(sigs)
	return err
}

// validateSignal checks one signal's weight and that it can match at all.
// Negative weights are allowed only when allowNegative is set.
func validateSignal(s Signal, allowNegative bool) error {
	if s.Name == "" {
		return errors.New("signal without a name")
	}
	if !finite(s.Weight) || s.Weight == 0 || math.Abs(s.Weight) > maxWeight {
		return fmt.Errorf("rule %q: weight %v: want a non-zero number within ±%d", s.Name, s.Weight, maxWeight)
	}
	if s.Weight < 0 && !allowNegative {
		return fmt.Errorf("rule %q: weight %v: must be positive here", s.Name, s.Weight)
	}
	if len(s.Terms) == 0 && len(s.Patterns) == 0 {
		return fmt.Errorf("rule %q: no terms and no patterns", s.Name)
	}
	return nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
