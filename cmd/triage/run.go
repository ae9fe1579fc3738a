package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/pipeline"
)

// cmdRun is "triage run": the service against configured brokers.
func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	fs := flag.NewFlagSet("triage run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path, overrides := config.BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := config.Load(*path, lookup, overrides)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	log := newLogger(stdout, cfg.Log)
	m, hooks := observe(cfg)
	tp, stopTracing, err := startTracing(ctx, cfg.Tracing, info.Version, log)
	if err != nil {
		log.Error("cannot set up tracing", "err", err)
		return 1
	}
	defer stopTracing() // after the pipeline: its last spans are flushed
	hooks.Tracing = tp
	p, err := pipeline.Build(cfg, log, info.Version, hooks)
	if err != nil {
		log.Error("cannot build pipeline", "err", err)
		return 1
	}
	defer closePipeline(p, log)
	stopAdmin, err := startAdmin(ctx, cfg.Admin.Addr, cfg.Admin.PProf, m, p.Runner.Ready, log)
	if err != nil {
		log.Error("cannot start admin server", "err", err)
		return 1
	}
	defer stopAdmin()
	engine := "rules-only (no LLM configured)"
	if cfg.LLM.Enabled() {
		engine = "llm " + cfg.LLM.Model + " with rules fallback"
	}
	log.Info("triage starting", "version", info.Version, "revision", info.Revision, "brokers", cfg.Kafka.Brokers, "group", cfg.Kafka.GroupID, "engine", engine)
	if err := p.Runner.Run(ctx); err != nil {
		log.Error("triage stopped with an error", "err", err)
		return 1
	}
	return 0
}

// cmdConfig is "triage config doc|check".
func cmdConfig(args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	if len(args) == 0 || (args[0] != "doc" && args[0] != "check") {
		fmt.Fprintln(stderr, "usage: triage config doc | triage config check [--config FILE] [flags]")
		return 2
	}
	if args[0] == "doc" {
		fmt.Fprint(stdout, config.Markdown())
		return 0
	}
	fs := flag.NewFlagSet("triage config check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path, overrides := config.BindFlags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if _, err := config.Load(*path, lookup, overrides); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	fmt.Fprintln(stdout, "configuration is valid")
	return 0
}

// closePipeline releases the pipeline's answer cache once it has stopped.
func closePipeline(p *pipeline.Pipeline, log *slog.Logger) {
	if err := p.Close(); err != nil {
		log.Warn("closing the pipeline", "err", err)
	}
}

func newLogger(w io.Writer, c config.Log) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
