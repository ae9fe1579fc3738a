// Command builtin trains the built-in routing model (model.Builtin) on the
// labelled sets learn.BuiltinSets finds (never a held-out set) and writes
// it where processors/model embeds it. Run it after a labelled set is
// added or studied:
//
//	go generate ./processors/model/
//
// TestBuiltinModelIsFresh (internal/learn) fails when the embedded model
// is not the one these sets train.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/triage/triage/internal/learn"
)

func main() {
	root := flag.String("root", ".", "module root")
	out := flag.String("out", "processors/model/builtin/route.json", "file the model is written to")
	flag.Parse()
	if err := run(*root, *out); err != nil {
		fmt.Fprintln(os.Stderr, "builtin:", err)
		os.Exit(1)
	}
}

func run(root, out string) error {
	m, err := learn.TrainBuiltin(root)
	if err != nil {
		return err
	}
	b, err := m.Encode()
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	fmt.Printf("%s: %s, %d examples from %d sets, %d features (%d bytes)\n",
		out, m.Version, m.Training.Examples, len(m.Training.Sources), len(m.Counts), len(b))
	return nil
}
