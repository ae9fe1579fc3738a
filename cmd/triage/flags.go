package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/triage/triage/internal/config"
)

// repeated is a flag given several times (--reason a --reason b); each
// value is kept as given.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

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
