package pipeline

import (
	"context"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/model"
)

// agreement reports, for each route the LLM answered (source llm), whether
// the routing model m would have chosen the same queue: the model's
// agreement with the LLM on live traffic, which says when a model trained
// on older answers has drifted and "triage learn" should run again. It
// changes no decision; the model's prediction costs microseconds.
func agreement(name string, m *model.Model, report func(processor string, agree bool)) processors.Middleware {
	return func(next processors.Processor) processors.Processor {
		return processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
			out, err := next.Process(ctx, in)
			if err != nil || out.Provenance.Source != processors.SourceLLM {
				return out, err
			}
			if r, ok := out.Decision.(*processors.Route); ok && r != nil {
				report(name, m.Predict(in.Subject, in.Body)[0].Class == r.Queue)
			}
			return out, err
		})
	}
}
