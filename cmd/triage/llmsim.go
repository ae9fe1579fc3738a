package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/triage/triage/internal/sim"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
)

// cmdLLMSim is "triage llm-sim": the fake LLM server for manual drills.
func cmdLLMSim(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("triage llm-sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8089", "listen address")
	rulesFile := fs.String("rules", "", "rules file the simulated answers come from (default: embedded)")
	cfg := llmsim.DefaultConfig()
	cfg.Model = "llmsim"
	cfg.Flags(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	rs, err := rules.Default()
	if *rulesFile != "" {
		rs, err = rules.Load(*rulesFile)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if err := sim.Serve(ctx, *addr, cfg, rs, stdout); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}
