package model

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"testing"
)

// slowScores is Scores as the features name themselves: Features.Extract
// looked up by name in the model's counts. The prediction path must read
// the same features with the same weights.
func slowScores(m *Model, subject, body string) []float64 {
	n := len(m.Classes)
	var docs float64
	for _, d := range m.Docs {
		docs += d
	}
	v := float64(len(m.Counts))
	logp := make([]float64, n)
	for c := range n {
		logp[c] = math.Log(m.Docs[c] / docs)
	}
	var seen float64
	for _, f := range m.Features.Extract(subject, body) {
		pairs, ok := m.Counts[f.Name]
		if !ok {
			continue
		}
		seen += f.Weight
		for i := 0; i < len(pairs); i += 2 {
			logp[int(pairs[i])] += f.Weight * math.Log((pairs[i+1]+m.Alpha)/m.Alpha)
		}
	}
	for c := range logp {
		logp[c] += seen * math.Log(m.Alpha/(m.Mass[c]+m.Alpha*v))
	}
	return logp
}

// TestScoresReadTheNamedFeatures: on every ticket of a frozen set and on
// texts with digits, apostrophes, accents and combining marks, Scores (by
// hashes over the text's bytes) equals the scores of the named features,
// to rounding.
func TestScoresReadTheNamedFeatures(t *testing.T) {
	m, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	texts := [][2]string{
		{"", ""}, {"Ré: Crêpe’s 2x", "don't  charge me twice!! Order #A-1234, naïve café, e\u0301clair"},
		{"ÜBER", "Straße 12b — 東京 tickets, ĳ, Σίσυφος"},
	}
	f, err := os.Open("../../internal/eval/testdata/frozen/2026-11-29c/tickets.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct{ Subject, Body string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, [2]string{rec.Subject, rec.Body})
	}
	for _, tx := range texts {
		fast, slow := m.Scores(tx[0], tx[1]), slowScores(m, tx[0], tx[1])
		for c := range fast {
			if d := math.Abs(fast[c] - slow[c]); d > 1e-9*math.Max(1, math.Abs(slow[c])) {
				t.Fatalf("%q: class %s: %v by hashes, %v by names", tx, m.Classes[c], fast[c], slow[c])
			}
		}
	}
}
