package learn

import (
	"fmt"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/processors/model"
)

// ReadLabelled reads routing examples from a labelled JSONL file in the
// format triage eval reads (eval.LoadRoutes: a ticket.v1 event plus
// "gold":{"queue"}, or the legacy envelope), decoded by the service's
// decoder, so the model learns from the very text it will see. Every
// example gets weight and source. It fails as eval.LoadRoutes does, naming
// the line of a malformed record.
func ReadLabelled(path string, weight float64, source string) ([]Example, error) {
	cases, err := eval.LoadRoutes(path)
	if err != nil {
		return nil, fmt.Errorf("learn: %w", err)
	}
	out := make([]Example, len(cases))
	for i, c := range cases {
		out[i] = Example{Subject: c.In.Subject, Body: c.In.Body, Label: c.Gold.Queue, Weight: weight, Source: source}
	}
	return out, nil
}

// ReadLabelledOrders reads order examples from a labelled JSONL file of
// emails in the format triage eval reads (eval.LoadOrders), decoded by
// the service's decoder: the subject and the new text (the body the rules
// extractor reads), labelled model.ClassOrder or model.ClassNotOrder by
// gold.is_order.
func ReadLabelledOrders(path string, weight float64, source string) ([]Example, error) {
	cases, err := eval.LoadOrders(path)
	if err != nil {
		return nil, fmt.Errorf("learn: %w", err)
	}
	out := make([]Example, len(cases))
	for i, c := range cases {
		label := model.ClassNotOrder
		if c.Gold.IsOrder {
			label = model.ClassOrder
		}
		out[i] = Example{Subject: c.In.Subject, Body: c.In.Body, Label: label, Weight: weight, Source: source}
	}
	return out, nil
}
