// Package processors decides what an inbound message is: where a ticket goes
// (routing) and what an email orders (order extraction).
//
// A Processor is one small interface, Process(ctx, in) (out, error). Timeout,
// cache, budget, breaker and fallback are Middleware wrapped around it, so
// each engine (rules, LLM) stays a plain decision function. Retrying a failed
// LLM call is the LLM client's job (processors/llm), below every middleware.
package processors

import (
	"context"
)

// Processor turns one decoded input into one decision.
//
// Process must be safe for concurrent use. It must honour ctx: when ctx is
// cancelled it returns promptly with an error wrapping ctx.Err(). A returned
// error is classified by internal/failure: the Fallback middleware answers an
// LLM failure with the rules (its reason on the event); an error that reaches
// the pipeline (cancellation aside) is final for this input and ends in the
// dead-letter topic.
type Processor interface {
	Process(ctx context.Context, in Input) (Output, error)
}

// Func adapts a function to the Processor interface.
type Func func(ctx context.Context, in Input) (Output, error)

// Process calls f.
func (f Func) Process(ctx context.Context, in Input) (Output, error) { return f(ctx, in) }

// Middleware decorates a Processor (Watermill-style func(Handler) Handler).
type Middleware func(Processor) Processor

// Chain wraps p in the middlewares so that the first one listed is the
// outermost: Chain(p, a, b) calls a(b(p)).
func Chain(p Processor, mws ...Middleware) Processor {
	for i := len(mws) - 1; i >= 0; i-- {
		p = mws[i](p)
	}
	return p
}

// Spec names a processor for the pipeline. Name and Version enter every output
// event id, so a version must change whenever the decisions it makes can
// change (rules file, prompt, model): subscribers then see new ids for new
// decisions and identical ids for redeliveries of the same decision.
type Spec struct {
	Name      string // stable, e.g. "route" or "extract"
	Version   string // e.g. "rules-3f2a9c1d"
	EventType string // CloudEvents type, e.g. "triage.ticket.routed.v1"
	Schema    string // schema name in package schemas for the output event
	Processor Processor
}
