package llm

import (
	"log/slog"
	"sync"
)

// pricer prices a call from its token usage. It is safe for concurrent use.
type pricer struct {
	prices   map[string]Price
	fallback string       // the configured model, whose price applies when the answered model has none
	log      *slog.Logger // nil: no warnings
	warned   sync.Map     // model name → struct{}: warned once already
}

// cost is the USD cost of in prompt and out completion tokens of model: its
// price, else the configured model's, else 0 with a warning logged once per
// model.
func (p *pricer) cost(model string, in, out int) float64 {
	price, ok := p.prices[model]
	if !ok {
		price, ok = p.prices[p.fallback]
	}
	if !ok {
		if _, dup := p.warned.LoadOrStore(model, struct{}{}); !dup && p.log != nil {
			p.log.Warn("llm: no price for model; its cost counts as 0", "model", model, "configured_model", p.fallback)
		}
		return 0
	}
	return (float64(in)*price.InputPerMTok + float64(out)*price.OutputPerMTok) / 1e6
}
