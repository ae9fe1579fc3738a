package model_test

import (
	"math"
	"testing"
)

func TestPredict(t *testing.T) {
	m := toy(t)
	for text, want := range map[string]string{
		"I was charged twice, please refund":    "billing",
		"the app crashes on start":              "technical",
		"my parcel is lost":                     "shipping",
		"the tracking of my parcl has not movd": "shipping",
	} {
		got := m.Predict("", text)
		if got[0].Class != want {
			t.Errorf("Predict(%q) = %+v, want %s first", text, got, want)
		}
		var sum float64
		for i, s := range got {
			sum += s.P
			if i > 0 && s.P > got[i-1].P {
				t.Errorf("Predict(%q) not sorted: %+v", text, got)
			}
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("Predict(%q) sums to %v", text, sum)
		}
	}
}

// TestPredictUnknownTextIsThePrior: a text of unseen words leaves the
// prior (billing has 4 of 10 examples).
func TestPredictUnknownTextIsThePrior(t *testing.T) {
	got := toy(t).Predict("", "zzzz qqqq")
	if got[0].Class != "billing" || math.Abs(got[0].P-0.4) > 1e-9 {
		t.Errorf("Predict(unknown) = %+v, want billing 0.4", got)
	}
}
