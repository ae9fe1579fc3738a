// Package learn trains triage's routing model (processors/model) from
// labelled examples: the LLM's validated decisions read back from the
// routed topic, people's corrections (which weigh more) and labelled JSONL
// files in the eval format. It is what "triage learn" runs; "triage rules
// suggest" (suggest.go) is its counterpart for extraction.
package learn

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/triage/triage/processors/model"
)

// Sources of an example's label.
const (
	SourceLLM      = "llm"
	SourceCache    = "cache"
	SourceHuman    = "human"
	SourceLabelled = "labelled"
)

// Example is one labelled text.
type Example struct {
	Subject, Body string
	Label         string
	// Weight multiplies the example's counts (1 for an LLM decision,
	// Options.HumanWeight for a correction).
	Weight float64
	Source string
}

// Options tune Train. Zero fields take the defaults of DefaultOptions.
type Options struct {
	Features model.Features
	Policy   model.Policy
	// Alpha is the smoothing of the feature counts.
	Alpha float64
	// MinWeight drops features whose total weight over all examples is
	// below it: rare n-grams that only bloat the file.
	MinWeight float64
	// Sources name what the examples were read from, for the summary.
	Sources []string
	// Skipped counts what the readers left out, for the summary.
	Skipped map[string]int
}

// DefaultOptions are triage learn's defaults.
func DefaultOptions() Options {
	return Options{Features: model.DefaultFeatures, Policy: model.DefaultPolicy, Alpha: 0.1, MinWeight: 2}
}

// Train fits a multinomial naive Bayes model to the examples and returns
// it sealed (versioned). The classes are the labels seen, sorted; at least
// two are needed. Training is one pass over the examples, then one over
// the features: deterministic, and seconds for 10,000 tickets.
func Train(examples []Example, o Options) (*model.Model, error) {
	if len(examples) == 0 {
		return nil, errors.New("learn: no examples to train on: widen the window or add --data files")
	}
	labels := map[string]int{}
	for _, e := range examples {
		if e.Label == "" {
			return nil, errors.New("learn: an example has no label")
		}
		if !(e.Weight > 0) {
			return nil, fmt.Errorf("learn: example labelled %s has weight %v: want > 0", e.Label, e.Weight)
		}
		labels[e.Label] = 0
	}
	classes := slices.Sorted(maps.Keys(labels))
	for i, c := range classes {
		labels[c] = i
	}
	m := &model.Model{
		Format: model.FormatVersion, Kind: model.KindNaiveBayes, Classes: classes, Features: o.Features,
		Alpha: o.Alpha, Docs: make([]float64, len(classes)), Mass: make([]float64, len(classes)),
		Combine: o.Policy, Training: summarise(examples, o),
	}
	counts := map[string][]float64{} // feature -> weight per class
	for _, e := range examples {
		c := labels[e.Label]
		m.Docs[c] += e.Weight
		for _, f := range o.Features.Extract(e.Subject, e.Body) {
			row := counts[f.Name]
			if row == nil {
				row = make([]float64, len(classes))
				counts[f.Name] = row
			}
			row[c] += f.Weight * e.Weight
		}
	}
	m.Counts = make(map[string][]float64, len(counts))
	for _, f := range slices.Sorted(maps.Keys(counts)) { // sorted: Mass sums in one order, so the version is reproducible
		row := counts[f]
		var total float64
		for _, w := range row {
			total += w
		}
		if total < o.MinWeight {
			continue
		}
		var pairs []float64
		for c, w := range row {
			if w > 0 {
				pairs = append(pairs, float64(c), w)
				m.Mass[c] += w
			}
		}
		m.Counts[f] = pairs
	}
	if err := m.Seal(); err != nil {
		return nil, fmt.Errorf("learn: %w", err)
	}
	return m, nil
}

func summarise(examples []Example, o Options) model.Summary {
	s := model.Summary{Sources: o.Sources, Examples: len(examples), PerClass: map[string]int{}, BySource: map[string]int{}, Skipped: o.Skipped}
	for _, e := range examples {
		s.Weight += e.Weight
		s.PerClass[e.Label]++
		s.BySource[e.Source]++
	}
	return s
}
