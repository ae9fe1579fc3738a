package model

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/triage/triage/processors"
)

// tables are a sealed model's log-probabilities, laid out for Predict.
type tables struct {
	prior  []float64 // log P(c)
	unseen []float64 // log P(f|c) of a feature with no weight in c
	// boost[f] lists, per class with weight in f, log P(f|c) - unseen[c].
	boost map[string][]boost
}

type boost struct {
	class int
	log   float64
}

func newTables(m *Model) *tables {
	n := len(m.Classes)
	t := &tables{prior: make([]float64, n), unseen: make([]float64, n), boost: make(map[string][]boost, len(m.Counts))}
	var docs float64
	for _, d := range m.Docs {
		docs += d
	}
	v := float64(len(m.Counts))
	for c := range n {
		t.prior[c] = math.Log(m.Docs[c] / docs)
		t.unseen[c] = math.Log(m.Alpha / (m.Mass[c] + m.Alpha*v))
	}
	for f, pairs := range m.Counts {
		bs := make([]boost, 0, len(pairs)/2)
		for i := 0; i < len(pairs); i += 2 {
			bs = append(bs, boost{int(pairs[i]), math.Log((pairs[i+1] + m.Alpha) / m.Alpha)})
		}
		t.boost[f] = bs
	}
	return t
}

// Score is one class and its probability.
type Score struct {
	Class string
	P     float64
}

// Predict returns every class with its posterior probability, most likely
// first (ties in class order). Features the model never saw are ignored;
// a text with none gives the prior. Safe for concurrent use.
func (m *Model) Predict(subject, body string) []Score {
	logp := m.Scores(subject, body)
	if m.Temperature > 1 {
		for c := range logp {
			logp[c] /= m.Temperature
		}
	}
	return softmax(m.Classes, logp)
}

// Scores returns the untempered log-score of each class (in Classes
// order) for a text: its log prior plus the log-likelihood of its
// features, up to a constant. FitTemperature is fitted on them. Safe for
// concurrent use.
func (m *Model) Scores(subject, body string) []float64 {
	t := m.tables
	logp := make([]float64, len(m.Classes))
	copy(logp, t.prior)
	var seen float64 // weight of the known features
	for _, f := range m.Features.Extract(subject, body) {
		bs, ok := t.boost[f.Name]
		if !ok {
			continue
		}
		seen += f.Weight
		for _, b := range bs {
			logp[b.class] += f.Weight * b.log
		}
	}
	for c := range logp {
		logp[c] += seen * t.unseen[c]
	}
	return logp
}

func softmax(classes []string, logp []float64) []Score {
	top := math.Inf(-1)
	for _, l := range logp {
		top = max(top, l)
	}
	var sum float64
	out := make([]Score, len(classes))
	for c, l := range logp {
		out[c] = Score{classes[c], math.Exp(l - top)}
		sum += out[c].P
	}
	for c := range out {
		out[c].P /= sum
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].P > out[j].P })
	return out
}

// Process implements processors.Processor with the model alone: the top
// class, its probability as confidence, "model:<p>" as the only match.
// triage eval scores it as "model-only"; the service never routes with it
// alone (see Combine). It fails only when ctx is done.
func (m *Model) Process(ctx context.Context, in processors.Input) (processors.Output, error) {
	if err := ctx.Err(); err != nil {
		return processors.Output{}, fmt.Errorf("model: route %s: %w", in.ID, err)
	}
	top := m.Predict(in.Subject, in.Body)[0]
	return processors.Output{
		Decision:   &processors.Route{Queue: top.Class, Matched: []string{Evidence(top.P)}},
		Provenance: processors.Provenance{Source: processors.SourceRules, EngineVersion: m.Version, Confidence: &top.P},
	}, nil
}
