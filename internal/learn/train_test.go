package learn

import (
	"strings"
	"testing"
)

func examples(weight float64, source string, pairs ...string) []Example {
	var out []Example
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, Example{Body: pairs[i], Label: pairs[i+1], Weight: weight, Source: source})
	}
	return out
}

func TestTrainSummaryAndDeterminism(t *testing.T) {
	ex := examples(1, SourceLLM, "charged twice", "billing", "app crashes", "technical", "refund please", "billing")
	ex = append(ex, examples(3, SourceHuman, "parcel lost", "shipping")...)
	o := DefaultOptions()
	o.MinWeight, o.Sources, o.Skipped = 0, []string{"a.jsonl"}, map[string]int{"fallback": 2}
	m, err := Train(ex, o)
	if err != nil {
		t.Fatal(err)
	}
	s := m.Training
	if s.Examples != 4 || s.Weight != 6 || s.PerClass["billing"] != 2 || s.BySource[SourceHuman] != 1 ||
		s.BySource[SourceLLM] != 3 || s.Skipped["fallback"] != 2 || s.Sources[0] != "a.jsonl" {
		t.Errorf("summary %+v", s)
	}
	if strings.Join(m.Classes, ",") != "billing,shipping,technical" || m.Docs[1] != 3 {
		t.Errorf("classes %v docs %v", m.Classes, m.Docs)
	}
	again, _ := Train(ex, o)
	if again.Version != m.Version {
		t.Errorf("retraining gave %s, then %s", m.Version, again.Version)
	}
}

// TestHumanWeightCounts: the same text labelled two ways is decided by
// the label with more weight, so a correction (weight 3) outweighs two
// LLM decisions that disagree with it.
func TestHumanWeightCounts(t *testing.T) {
	text := "my invoice came with the wrong parcel"
	base := examples(1, SourceLLM, "charged twice", "billing", "parcel lost", "shipping", text, "billing", text, "billing")
	for _, tc := range []struct {
		weight float64
		want   string
	}{{1, "billing"}, {3, "shipping"}} {
		ex := append(append([]Example{}, base...), Example{Body: text, Label: "shipping", Weight: tc.weight, Source: SourceHuman})
		o := DefaultOptions()
		o.MinWeight = 0
		m, err := Train(ex, o)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Predict("", text)[0].Class; got != tc.want {
			t.Errorf("human weight %v: predicted %s, want %s", tc.weight, got, tc.want)
		}
	}
}

func TestTrainRefuses(t *testing.T) {
	for name, ex := range map[string][]Example{
		"none":        nil,
		"one class":   examples(1, SourceLLM, "a", "x", "b", "x"),
		"no label":    {{Body: "a", Weight: 1}, {Body: "b", Label: "y", Weight: 1}},
		"zero weight": {{Body: "a", Label: "x"}, {Body: "b", Label: "y", Weight: 1}},
	} {
		if _, err := Train(ex, DefaultOptions()); err == nil {
			t.Errorf("%s: trained", name)
		}
	}
}

// TestMinWeightPrunes: rare features are left out of the file.
func TestMinWeightPrunes(t *testing.T) {
	ex := examples(1, SourceLLM, "charged twice", "billing", "charged again", "billing", "app crashes", "technical")
	o := DefaultOptions()
	o.MinWeight = 2
	m, err := Train(ex, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Counts["w:charged"]; !ok {
		t.Error("w:charged (weight 2) was pruned")
	}
	if _, ok := m.Counts["w:crashes"]; ok {
		t.Error("w:crashes (weight 1) was kept")
	}
}
