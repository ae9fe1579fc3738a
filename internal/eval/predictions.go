package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// Prediction is one line of the predictions file: a record's input id, its
// 1-based line in the data file, its gold, the decision (null when the
// processor failed; then Error says why), who decided, their confidence
// (null when the engine gives none), the fallback reason and what the LLM
// call cost.
type Prediction struct {
	ID             string   `json:"id"`
	Line           int      `json:"line"`
	Gold           any      `json:"gold"`
	Prediction     any      `json:"prediction"`
	Source         string   `json:"source"`
	Confidence     *float64 `json:"confidence"`
	FallbackReason string   `json:"fallback_reason,omitempty"`
	CostUSD        float64  `json:"cost_usd,omitempty"`
	Error          string   `json:"error,omitempty"`
}

// predictions pairs each record with its processor's result.
func predictions[G any](cases []Labelled[G], outs []result) []Prediction {
	out := make([]Prediction, len(cases))
	for i, c := range cases {
		res, pv := outs[i], outs[i].out.Provenance
		p := Prediction{ID: c.ID(), Line: c.Line, Gold: c.Gold, Prediction: res.out.Decision, Source: pv.Source,
			Confidence: pv.Confidence, FallbackReason: pv.FallbackReason, CostUSD: pv.CostUSD}
		if res.err != nil {
			p.Prediction, p.Source, p.Error = nil, ErrorLabel, res.err.Error()
		}
		out[i] = p
	}
	return out
}

// WritePredictions writes ps to w as JSON lines.
func WritePredictions(w io.Writer, ps []Prediction) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, p := range ps {
		if err := enc.Encode(p); err != nil {
			return fmt.Errorf("eval: predictions: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("eval: predictions: %w", err)
	}
	return nil
}

func countLegacy[G any](cases []Labelled[G]) int {
	n := 0
	for _, c := range cases {
		if c.Legacy {
			n++
		}
	}
	return n
}
