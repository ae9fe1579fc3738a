package pipeline

import (
	"fmt"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/model"
	"github.com/triage/triage/processors/rules"
)

// routeRules returns the rules engine of the route processor: the rules
// router, combined with the routing model rules.model resolves to
// (model.Resolve: by default the built-in model beside the embedded
// rules; the rules decide when strong, the model when they abstain or are
// weak; it never routes outside the rules' queues). The model is nil when
// the rules route alone. It fails naming rules.model when the model does
// not load or answers queues the rules do not list.
func routeRules(rs *rules.Rules, spec, rulesFile string) (processors.Processor, *model.Model, error) {
	router := rules.NewRouter(rs)
	m, err := model.Resolve(spec, rulesFile)
	if err != nil {
		return nil, nil, fmt.Errorf("pipeline: rules.model: %w", err)
	}
	if m == nil {
		return router, nil, nil
	}
	c, err := model.Combine(router, rs.Version(), rs.Router.Queues, m)
	if err != nil {
		return nil, nil, fmt.Errorf("pipeline: rules.model %q: %w", spec, err)
	}
	return c, m, nil
}

// rulesVersion is the version of processor name's rules engine: the rules',
// joined by the routing model's for "route" when one is configured, and by
// the catalog's for "extract" when rules.catalog is set. It
// enters the processor version (event ids, engine_version) and the answer
// cache's key, so a new model gives new ids and a cache of its own.
func (e *engines) rulesVersion(name string) string {
	if name == "route" && e.model != nil {
		return model.Version(e.rules.Version(), e.model)
	}
	if name == "extract" && e.catalog != nil {
		return e.rules.Version() + "-" + e.catalog.Version()
	}
	return e.rules.Version()
}
