package main

import (
	"context"
	"log/slog"

	"github.com/triage/triage/internal/admin"
	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/metrics"
	"github.com/triage/triage/internal/pipeline"
)

// observe returns the service's metrics and the pipeline hooks feeding them.
func observe(cfg config.Config) (*metrics.Metrics, pipeline.Hooks) {
	m := metrics.New(map[string]string{cfg.Topics.Tickets: "route", cfg.Topics.Emails: "extract"})
	m.Build(info.Version, info.Revision, info.GoVersion)
	return m, pipeline.Hooks{
		OnDecision: m.Decision, OnBreakerState: m.BreakerState, OnCache: m.Cache, OnCacheError: m.CacheError,
		OnLLMCall: m.LLMCall, OnBudget: m.Budget, Consumer: m.Consumer(),
		OnReview: m.Review, OnModelAgreement: m.ModelAgreement,
	}
}

// startAdmin serves the admin endpoints on addr (nothing when empty) until
// the returned stop is called; stop waits for the server to finish. A bad
// address is an error at once.
func startAdmin(ctx context.Context, addr string, pprof bool, m *metrics.Metrics, ready func() error, log *slog.Logger) (stop func(), err error) {
	if addr == "" {
		return func() {}, nil
	}
	srv := &admin.Server{Addr: addr, Registry: m.Registry, Ready: ready, PProf: pprof, Logger: log}
	ln, err := srv.Listen()
	if err != nil {
		return nil, err
	}
	actx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(actx, ln); err != nil {
			log.Warn("admin server stopped", "err", err)
		}
	}()
	return func() { cancel(); <-done }, nil
}
