package model

//go:generate go run ../../internal/learn/builtin -root ../.. -out builtin/route.json

import (
	_ "embed"
	"fmt"
	"sync"
)

// builtinRoute is the built-in routing model, trained on the labelled
// sets of the default rules' queues (internal/learn's BuiltinSets).
//
//go:embed builtin/route.json
var builtinRoute []byte

var builtin = sync.OnceValues(func() (*Model, error) {
	m, err := Parse(builtinRoute)
	if err != nil {
		return nil, fmt.Errorf("model: the built-in model: %w: regenerate it with go generate ./processors/model/", err)
	}
	return m, nil
})

// Builtin returns the built-in routing model, parsed on first use and
// shared (a Model is read-only). Its classes are the default rules'
// queues.
func Builtin() (*Model, error) { return builtin() }

// The values of rules.model besides a file path.
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
	switch {
	case spec == SpecNone, spec == SpecDefault && rulesFile != "":
		return nil, nil
	case spec == SpecDefault, spec == SpecBuiltin:
		return Builtin()
	}
	return Load(spec)
}
