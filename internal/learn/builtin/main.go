// Command builtin trains the built-in models (model.Builtin, the routing
// model, and model.BuiltinOrders, the order model) on the labelled sets
// learn.RouteBuiltin and learn.OrderBuiltin find (never a held-out set)
// and writes them where processors/model embeds them. Run it after a
// labelled set is added or studied:
//
//	go generate ./processors/model/
//
// TestBuiltinModelsAreFresh (internal/learn) fails when an embedded model
// is not the one these sets train.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/triage/triage/internal/learn"
)

func main() {
	root := flag.String("root", ".", "module root")
	out := flag.String("out", "processors/model/builtin", "directory the models are written to")
	flag.Parse()
	if err := run(*root, *out); err != nil {
		fmt.Fprintln(os.Stderr, "builtin:", err)
		os.Exit(1)
	}
}

func run(root, out string) error {
	for _, b := range []learn.Builtin{learn.RouteBuiltin, learn.OrderBuiltin} {
		m, err := b.Train(root)
		if err != nil {
			return err
		}
		data, err := m.Encode()
		if err != nil {
			return err
		}
		path := filepath.Join(out, b.Name+".json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %s, %d examples from %d sets, %d features, temperature %v (%d bytes)\n",
			path, m.Version, m.Training.Examples, len(m.Training.Sources), len(m.Counts), m.Temperature, len(data))
	}
	return nil
}
