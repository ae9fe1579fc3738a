package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/triage/triage/internal/config"
)

// loadConfig adds every configuration flag (and --config) to fs, parses
// args and loads the configuration: defaults, the file, TRIAGE_* from
// lookup, then the flags. On a usage or configuration error it has said
// why on stderr and ok is false: the command exits 2.
func loadConfig(fs *flag.FlagSet, args []string, lookup func(string) (string, bool), stderr io.Writer) (cfg config.Config, ok bool) {
	path, overrides := config.BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		return cfg, false
	}
	cfg, err := config.Load(*path, lookup, overrides)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return cfg, false
	}
	return cfg, true
}
