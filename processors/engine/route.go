package engine

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/prompts"
	"github.com/triage/triage/schemas"
)

// Router routes tickets with the LLM. Safe for concurrent use.
type Router struct {
	base
	queues   []string
	fallback string
	desc     map[string]string
}

// RouterOption configures NewRouter.
type RouterOption func(*Router)

// WithDescriptions gives the prompt what each queue is for (the rules
// file's router.descriptions); they join the cache contract, so a changed
// description never serves answers cached under the old one.
func WithDescriptions(d map[string]string) RouterOption {
	return func(r *Router) { r.desc = d }
}

// NewRouter builds the LLM router over queues; fallback is the queue for
// tickets that fit none. The answer schema's queue enum is the queues, so
// a model following the strict format cannot name another queue, and an
// answer that does anyway is rejected (invalid_output).
func NewRouter(client Completer, model string, queues []string, fallback string, opts ...RouterOption) (*Router, error) {
	r := &Router{queues: queues, fallback: fallback}
	for _, o := range opts {
		o(r)
	}
	contract := []string{"queues=" + strings.Join(queues, "\x1f"), "fallback=" + fallback}
	if len(r.desc) > 0 {
		d, _ := json.Marshal(r.desc) // sorted keys: a canonical form
		contract = append(contract, "descriptions="+string(d))
	}
	b, err := newBase(prompts.Route, client, model, schemas.LLMRouteAnswer, func(doc map[string]any) {
		q := doc["properties"].(map[string]any)["queue"].(map[string]any)
		enum := make([]any, len(queues))
		for i, s := range queues {
			enum[i] = s
		}
		q["enum"] = enum
	}, contract...)
	if err != nil {
		return nil, err
	}
	r.base = b
	return r, nil
}

type routeAnswer struct {
	Queue      string  `json:"queue"`
	Confidence float64 `json:"confidence"`
}

// Process implements processors.Processor.
func (r *Router) Process(ctx context.Context, in processors.Input) (processors.Output, error) {
	var a routeAnswer
	pv, x, err := r.ask(ctx, prompts.Vars{Queues: r.queues, Descriptions: r.desc, Fallback: r.fallback, Subject: in.Subject, Body: in.Body}, &a)
	return r.answer(a, pv, x, err)
}

// Recheck validates a cached answer for in exactly like a fresh one (answer
// schema, configured queues, confidence) and returns the output to serve;
// it is the answer cache's check (processors.CacheOptions.Check).
func (r *Router) Recheck(in processors.Input, hit processors.Output) (processors.Output, error) {
	var a routeAnswer
	pv, x, err := r.cached(hit, &a)
	return r.answer(a, pv, x, err)
}

// answer applies the domain checks to a decoded answer.
func (r *Router) answer(a routeAnswer, pv processors.Provenance, x *processors.Exchange, err error) (processors.Output, error) {
	if err == nil && !slices.Contains(r.queues, a.Queue) {
		err = invalid(r.name, "queue %q is not configured", a.Queue)
	}
	if err == nil {
		if cerr := confidence(&pv, a.Confidence); cerr != nil {
			err = invalid(r.name, "%v", cerr)
		}
	}
	if err != nil {
		return processors.Output{Provenance: pv, Exchange: x}, err
	}
	return processors.Output{Decision: &processors.Route{Queue: a.Queue}, Provenance: pv, Exchange: x}, nil
}
