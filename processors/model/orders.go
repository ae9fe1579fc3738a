package model

import (
	"context"
	"fmt"
	"slices"

	"github.com/triage/triage/processors"
)

// The classes of an order model: whether an email orders anything.
const (
	ClassOrder    = "order"
	ClassNotOrder = "not_order"
)

// OrderCombined checks the rules extractor's orders with an order model:
// a model whose classes are ClassNotOrder and ClassOrder. It is a
// processors.Processor, safe for concurrent use; it honours ctx through
// the rules processor.
//
// Its Policy reads: a rules order with confidence >= RulesStrong stands
// whatever the model says; a weaker one is declined when the model puts
// ClassNotOrder at >= Overrule. Abstained is not read: the model never
// makes an order the rules did not read (it has no items to give).
type OrderCombined struct {
	rules   processors.Processor
	model   *Model
	version string
}

// CombineOrders returns the processor that asks rulesProc (the rules
// extractor for rules version rulesVersion, answering *processors.Order)
// and then m. It fails when m is not an order model.
//
// An order the rules read from the new text that the model declines is
// published as no order: is_order false, no items, the order reference
// kept, decision.declined_by naming the model's probability of no order
// ("model:0.97"), which is also the confidence. An order with an item
// from the quoted history stands: the model reads only the new text, and
// "yes, both please" says little on its own. Outputs keep source "rules"
// and carry engine version rulesVersion+"+"+m.Version.
func CombineOrders(rulesProc processors.Processor, rulesVersion string, m *Model) (*OrderCombined, error) {
	if !slices.Equal(m.Classes, []string{ClassNotOrder, ClassOrder}) {
		return nil, fmt.Errorf("model: %s answers %v, not an order model's [%s %s]", m.Version, m.Classes, ClassNotOrder, ClassOrder)
	}
	return &OrderCombined{rules: rulesProc, model: m, version: Version(rulesVersion, m)}, nil
}

// Version is the engine version of c's outputs.
func (c *OrderCombined) Version() string { return c.version }

// Process implements processors.Processor.
func (c *OrderCombined) Process(ctx context.Context, in processors.Input) (processors.Output, error) {
	out, err := c.rules.Process(ctx, in)
	if err != nil {
		return out, err
	}
	o, ok := out.Decision.(*processors.Order)
	if !ok || o == nil {
		return out, fmt.Errorf("model: the rules answered %T, not *processors.Order", out.Decision)
	}
	out.Provenance.EngineVersion = c.version
	if !o.IsOrder || confidence(out) >= c.model.Combine.RulesStrong || quoted(o.Items) {
		return out, nil
	}
	no := probOf(c.model.Predict(in.Subject, in.Body), ClassNotOrder)
	if no < c.model.Combine.Overrule {
		return out, nil
	}
	out.Decision = &processors.Order{Items: []processors.Item{}, OrderRef: o.OrderRef, DeclinedBy: Evidence(no)}
	out.Provenance.Confidence = &no
	return out, nil
}

// quoted reports whether an item came from the quoted history.
func quoted(items []processors.Item) bool {
	for _, it := range items {
		if it.Origin == processors.OriginQuoted {
			return true
		}
	}
	return false
}
