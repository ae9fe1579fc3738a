package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/triage/triage/internal/admin"
	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/metrics"
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
	m := metrics.New(map[string]string{cfg.Topics.Tickets: "route", cfg.Topics.Emails: "extract"})
	p, err := pipeline.Build(cfg, log, version, pipeline.Hooks{
		OnDecision: m.Decision, OnBreakerState: m.BreakerState, OnCache: m.Cache,
		OnLLMCall: m.LLMCall, OnBudget: m.Budget, Consumer: m.Consumer(),
	})
	if err != nil {
		log.Error("cannot build pipeline", "err", err)
		return 1
	}
	adminDone := make(chan error, 1)
	adminCtx, stopAdmin := context.WithCancel(context.WithoutCancel(ctx))
	defer func() { stopAdmin(); <-adminDone }()
	if cfg.Admin.Addr != "" {
		srv := &admin.Server{Addr: cfg.Admin.Addr, Registry: m.Registry, Ready: p.Runner.Ready, PProf: cfg.Admin.PProf, Logger: log}
		ln, err := srv.Listen()
		if err != nil {
			log.Error("cannot start admin server", "err", err)
			adminDone <- nil
			return 1
		}
		go func() { adminDone <- srv.Serve(adminCtx, ln) }()
	} else {
		adminDone <- nil
	}
	engine := "rules-only (no LLM configured)"
	if cfg.LLM.Enabled() {
		engine = "llm " + cfg.LLM.Model + " with rules fallback"
	}
	log.Info("triage starting", "version", version, "brokers", cfg.Kafka.Brokers, "group", cfg.Kafka.GroupID, "engine", engine)
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

func newLogger(w io.Writer, c config.Log) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
