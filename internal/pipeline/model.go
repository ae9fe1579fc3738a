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
	return withModel(rs, "rules.model", spec, rulesFile, model.Resolve, routeEngine)
}

// extractRules returns the rules engine of the extract processor: the
// rules extractor, checked by the order model rules.order_model resolves
// to (model.ResolveOrders: by default the built-in order model beside the
// embedded rules; it declines orders it is sure are none, never adds
// one). The model is nil when the rules extract alone.
func extractRules(rs *rules.Rules, spec, rulesFile string) (processors.Processor, *model.Model, error) {
	return withModel(rs, "rules.order_model", spec, rulesFile, model.ResolveOrders, extractEngine)
}

// withModel resolves the model the setting names and builds the rules
// engine beside it, the errors naming the setting.
func withModel(rs *rules.Rules, setting, spec, rulesFile string,
	resolve func(spec, rulesFile string) (*model.Model, error),
	engine func(*rules.Rules, *model.Model) (processors.Processor, error)) (processors.Processor, *model.Model, error) {
	m, err := resolve(spec, rulesFile)
	if err != nil {
		return nil, nil, fmt.Errorf("pipeline: %s: %w", setting, err)
	}
	p, err := engine(rs, m)
	if err != nil {
		return nil, nil, fmt.Errorf("pipeline: %s %q: %w", setting, spec, err)
	}
	return p, m, nil
}

// routeEngine is the rules router, combined with m unless it is nil.
func routeEngine(rs *rules.Rules, m *model.Model) (processors.Processor, error) {
	if m == nil {
		return rules.NewRouter(rs), nil
	}
	return model.Combine(rules.NewRouter(rs), rs.Version(), rs.Router.Queues, m)
}

// extractEngine is the rules extractor, checked by m unless it is nil.
func extractEngine(rs *rules.Rules, m *model.Model) (processors.Processor, error) {
	if m == nil {
		return rules.NewExtractor(rs), nil
	}
	return model.CombineOrders(rules.NewExtractor(rs), rs.Version(), m)
}

// rulesVersion is the version of processor name's rules engine: the rules',
// joined by the routing model's for "route" when one is configured, and by
// the order model's and the catalog's for "extract" when they are set. It
// enters the processor version (event ids, engine_version) and the answer
// cache's key, so a new model gives new ids and a cache of its own.
func (e *engines) rulesVersion(name string) string {
	if name == "route" && e.model != nil {
		return model.Version(e.rules.Version(), e.model)
	}
	if name == "extract" {
		v := e.rules.Version()
		if e.orders != nil {
			v = model.Version(v, e.orders)
		}
		if e.catalog != nil {
			v += "-" + e.catalog.Version()
		}
		return v
	}
	return e.rules.Version()
}
