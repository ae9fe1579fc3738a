package pipeline

import (
	"fmt"
	"io"
	"slices"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/processors"
)

// humanStoreSize bounds the in-memory store of people's answers (without
// a Redis answer cache): beyond it the least recently used are forgotten
// until the next start re-reads the corrections topic (Answers).
const humanStoreSize = 100000

// reviewParts wires review.enabled: the policy that flags decisions, the
// handler of the corrections topic, and the Human middleware (engines.human)
// answering from the answers corrections stored. People's answers live in
// the Redis answer cache when there is one (shared by replicas, restarts
// and replays), or else in a memory store of their own, not in a memory
// answer cache whose entries expire and are evicted; Answers fills that
// memory store from the corrections topic. The closer closes the labels
// file; nil when there is none.
func reviewParts(cfg config.Config, e *engines, store processors.Store) (*ReviewPolicy, *Corrections, io.Closer, error) {
	if !cfg.Review.Enabled {
		return nil, nil, nil, nil
	}
	if cfg.LLM.CacheBackend != "redis" {
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
		"route": cfg.Review.RouteMinConfidence, "extract": cfg.Review.ExtractMinConfidence}, Observe: e.hooks.OnReview}
	return policy, c, closer, nil
}
