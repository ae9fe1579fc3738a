package model

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/triage/triage/processors"
)

// tables are a sealed model's log-probabilities, laid out for Predict:
// an open-addressing table from feature key (featureKey, never 0) to a
// row of len(prior) values, log P(f|c) - unseen[c] for the classes with
// weight in f and 0 for the others.
type tables struct {
	prior  []float64 // log P(c)
	unseen []float64 // log P(f|c) of a feature with no weight in c
	mask   uint64    // len(keys)-1; keys has a power-of-two length
	keys   []uint64  // 0: an empty slot
	slot   []int32   // keys[i]'s row: rows[slot[i]*n : slot[i]*n+n]
	rows   []float64
}

func newTables(m *Model) (*tables, error) {
	n := len(m.Classes)
	size := 1
	for size < 2*len(m.Counts) {
		size <<= 1
	}
	t := &tables{prior: make([]float64, n), unseen: make([]float64, n), mask: uint64(size - 1),
		keys: make([]uint64, size), slot: make([]int32, size), rows: make([]float64, 0, n*len(m.Counts))}
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
		k := featureKey(f)
		i := k & t.mask
		for ; t.keys[i] != 0; i = (i + 1) & t.mask {
			if t.keys[i] == k {
				return nil, fmt.Errorf("model: feature %q shares its hash with another: retrain (or drop the feature)", f)
			}
		}
		t.keys[i], t.slot[i] = k, int32(len(t.rows)/n)
		row := make([]float64, n)
		for j := 0; j < len(pairs); j += 2 {
			row[int(pairs[j])] = math.Log((pairs[j+1] + m.Alpha) / m.Alpha)
		}
		t.rows = append(t.rows, row...)
	}
	return t, nil
}

// row returns the row of the feature with key k, or nil.
func (t *tables) row(k uint64) []float64 {
	n := len(t.prior)
	for i := k & t.mask; t.keys[i] != 0; i = (i + 1) & t.mask {
		if t.keys[i] == k {
			o := int(t.slot[i]) * n
			return t.rows[o : o+n]
		}
	}
	return nil
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
	sc := scans.Get().(*scan)
	defer scans.Put(sc)
	sc.words(subject + "\n" + body)
	m.Features.walk(sc, func(prefix string, a, b []byte, w float64) {
		row := t.row(walkKey(prefix, a, b))
		if row == nil {
			return
		}
		seen += w
		for c, l := range row {
			logp[c] += w * l
		}
	})
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
