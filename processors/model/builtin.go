package model

//go:generate go run ../../internal/learn/builtin -root ../.. -out builtin

import (
	_ "embed"
	"fmt"
	"sync"
)

// The built-in models, trained on the labelled sets of the default rules
// (internal/learn's RouteBuiltin and OrderBuiltin).
var (
	//go:embed builtin/route.json
	builtinRoute []byte
	//go:embed builtin/orders.json
	builtinOrders []byte
)

func parseBuiltin(name string, data []byte) func() (*Model, error) {
	return sync.OnceValues(func() (*Model, error) {
		m, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("model: the built-in %s model: %w: regenerate it with go generate ./processors/model/", name, err)
		}
		return m, nil
	})
}

var (
	builtinRouteModel  = parseBuiltin("route", builtinRoute)
	builtinOrdersModel = parseBuiltin("orders", builtinOrders)
)

// Builtin returns the built-in routing model, parsed on first use and
// shared (a Model is read-only). Its classes are the default rules'
// queues.
func Builtin() (*Model, error) { return builtinRouteModel() }

// BuiltinOrders returns the built-in order model (classes ClassNotOrder
// and ClassOrder), parsed on first use and shared.
func BuiltinOrders() (*Model, error) { return builtinOrdersModel() }

// The values of rules.model and rules.order_model besides a file path.
const (
	SpecDefault = ""        // the built-in model beside the embedded default rules; none beside a rules file
	SpecBuiltin = "builtin" // the built-in model, whatever the rules file
	SpecNone    = "none"    // the rules alone
)

// Resolve returns the routing model rules.model names: spec is a model
// file written by triage learn, SpecBuiltin, SpecNone, or SpecDefault,
// which means the built-in model when the rules are the embedded default
// (rulesFile empty) and none beside a rules file of one's own (whose
// queues the built-in model may not know). A nil model means the rules
// route alone. It fails naming the file when it does not load.
func Resolve(spec, rulesFile string) (*Model, error) {
	return resolve(spec, rulesFile, Builtin)
}

// ResolveOrders is Resolve for rules.order_model and the built-in order
// model.
func ResolveOrders(spec, rulesFile string) (*Model, error) {
	return resolve(spec, rulesFile, BuiltinOrders)
}

func resolve(spec, rulesFile string, builtin func() (*Model, error)) (*Model, error) {
	switch {
	case spec == SpecNone, spec == SpecDefault && rulesFile != "":
		return nil, nil
	case spec == SpecDefault, spec == SpecBuiltin:
		return builtin()
	}
	return Load(spec)
}
