package main

import (
	"context"
	"flag"
	"io"
	"log/slog"

	"github.com/triage/triage/internal/pipeline"
)

// cmdRun is "triage run": the service against configured brokers.
func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	fs := flag.NewFlagSet("triage run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg, ok := loadConfig(fs, args, lookup, stderr)
	if !ok {
		return 2
	}
	log := newLogger(stdout, cfg.Log)
	warnRawLogging(log, cfg.Log)
	if n := pipeline.SetMemoryLimit(cfg, lookup); n > 0 {
		log.Info("memory limit set", "bytes", n)
	}
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
	if cfg.Review.Enabled {
		stopReview, err := watchReview(ctx, cfg, m, log)
		if err != nil {
			log.Error("cannot follow the review backlog", "err", err)
			return 1
		}
		defer stopReview()
	}
	engine := "rules-only (no LLM configured)"
	if cfg.LLM.Enabled() {
		engine = "llm " + cfg.LLM.Model + " with rules fallback"
	}
	log.Info("triage starting", "version", info.Version, "revision", info.Revision, "brokers", cfg.Kafka.Brokers, "group", cfg.Kafka.GroupID, "engine", engine)
	if err := p.Run(ctx); err != nil {
		log.Error("triage stopped with an error", "err", err)
		return 1
	}
	return 0
}

// closePipeline releases the pipeline's answer cache once it has stopped.
func closePipeline(p *pipeline.Pipeline, log *slog.Logger) {
	if err := p.Close(); err != nil {
		log.Warn("closing the pipeline", "err", err)
	}
}
