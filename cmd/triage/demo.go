package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/triage/triage/internal/demo"
)

// cmdDemo is "triage demo": everything on an embedded broker.
func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("triage demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	full := fs.Bool("full", false, "print every output event as indented JSON")
	timeout := fs.Duration("timeout", 60*time.Second, "give up when not every sample has an output by then")
	partitions := fs.Int("partitions", 3, "partitions per topic on the embedded broker")
	verbose := fs.Bool("v", false, "also print the service's own log (to stderr)")
	llmSim := fs.Bool("llm-sim", false, "decide with a SIMULATED LLM, then simulate an outage that trips the breaker")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log := slog.New(slog.DiscardHandler)
	if *verbose {
		log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	_, err := demo.Run(ctx, stdout, demo.Options{Partitions: *partitions, Timeout: *timeout, Full: *full, LLMSim: *llmSim, Logger: log, Version: info.Version})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}
