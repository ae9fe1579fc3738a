package model

import (
	"math"
	"testing"
)

// TestFitTemperatureFindsTheScale: scores ten times too sure (the gold
// class wins with probability sigmoid(margin/10)) fit a temperature near
// 10; scores already right fit about 1.
func TestFitTemperatureFindsTheScale(t *testing.T) {
	for _, scale := range []float64{1, 10, 80} {
		var rows [][]float64
		var gold []int
		for g := 1; g <= 10; g++ {
			margin := float64(g) * 0.5 * scale
			p := 1 / (1 + math.Exp(-margin/scale))
			right := int(math.Round(100 * p))
			for i := range 100 {
				rows = append(rows, []float64{margin, 0})
				gold = append(gold, map[bool]int{true: 0, false: 1}[i < right])
			}
		}
		got := FitTemperature(rows, gold)
		if got < scale*0.85 || got > scale*1.15 {
			t.Errorf("scale %v: temperature %v", scale, got)
		}
	}
	if got := FitTemperature(nil, nil); got != 1 {
		t.Errorf("no rows: temperature %v, want 1", got)
	}
}

// TestTemperatureSoftensPredict: a tempered model ranks the classes as
// the untempered one does, with a less extreme top probability.
func TestTemperatureSoftensPredict(t *testing.T) {
	m := &Model{Format: FormatVersion, Kind: KindNaiveBayes, Classes: []string{"a", "b"}, Alpha: 0.1,
		Docs: []float64{1, 1}, Mass: []float64{6, 6},
		Counts: map[string][]float64{"w:refund": {0, 5}, "w:crash": {1, 5}, "w:please": {0, 1, 1, 1}}}
	if err := m.Seal(); err != nil {
		t.Fatal(err)
	}
	cold := m.Predict("", "refund refund refund please")
	m.Temperature = 4
	if err := m.Seal(); err != nil {
		t.Fatal(err)
	}
	warm := m.Predict("", "refund refund refund please")
	if cold[0].Class != "a" || warm[0].Class != "a" || !(warm[0].P < cold[0].P) || !(warm[0].P > 0.5) {
		t.Errorf("untempered %+v, tempered %+v", cold, warm)
	}
	m.Temperature = 0.5
	if err := m.Seal(); err == nil {
		t.Error("a temperature below 1 was accepted")
	}
}
