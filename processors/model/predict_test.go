package model_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/model"
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

func TestModelAlone(t *testing.T) {
	m := toy(t)
	out, err := m.Process(context.Background(), processors.Input{Body: "the app crashes"})
	if err != nil {
		t.Fatal(err)
	}
	top := m.Predict("", "the app crashes")[0]
	if rt := out.Decision.(*processors.Route); rt.Queue != "technical" || rt.Matched[0] != model.Evidence(top.P) ||
		*out.Provenance.Confidence != top.P || out.Provenance.EngineVersion != m.Version {
		t.Errorf("output %+v %+v", rt, out.Provenance)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.Process(ctx, processors.Input{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
