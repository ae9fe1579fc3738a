package pipeline

import (
	"fmt"
	"io"
	"slices"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/processors"
)

// humanStoreSize is the size of the in-memory store of people's answers
// when no answer cache is configured.
const humanStoreSize = 10000

// reviewParts wires review.enabled: the policy that flags decisions, the
// handler of the corrections topic, and the Human middleware (engines.human)
// answering from the answers corrections stored. People's answers live in
// the answer cache's store (Redis: shared by replicas and restarts; memory:
// this process only), or in a memory store of their own when there is no
// cache. The closer closes the labels file; nil when there is none.
func reviewParts(cfg config.Config, e *engines, store processors.Store) (*ReviewPolicy, *Corrections, io.Closer, error) {
	if !cfg.Review.Enabled {
		return nil, nil, nil, nil
	}
	if store == nil {
		store = processors.NewMemoryStore(humanStoreSize)
	}
	queues := e.rules.Router.Queues
	e.human = func(name string) processors.Middleware {
		return processors.Human(store, processors.HumanOptions{
			Key: func(in processors.Input) string { return processors.HumanKey(name, in) },
			Check: func(_ processors.Input, out processors.Output) error {
				if r, ok := out.Decision.(*processors.Route); ok && !slices.Contains(queues, r.Queue) {
					return fmt.Errorf("pipeline: queue %q is no longer configured", r.Queue)
				}
				return nil
			},
			OnHit: func() {
				if e.hooks.OnDecision != nil {
					e.hooks.OnDecision(name, processors.SourceHuman, "")
				}
			},
		})
	}
	c := &Corrections{Topic: cfg.Topics.Corrections, Queues: queues, Store: store}
	var closer io.Closer
	if p := cfg.Review.LabelsFile; p != "" {
		l, err := OpenLabels(p)
		if err != nil {
			return nil, nil, nil, err
		}
		c.Labels, closer = l, l
	}
	policy := &ReviewPolicy{Topic: cfg.Topics.Review, MinConfidence: map[string]float64{
		"route": cfg.Review.RouteMinConfidence, "extract": cfg.Review.ExtractMinConfidence}}
	return policy, c, closer, nil
}
