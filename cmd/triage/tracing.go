package main

import (
	"context"
	"log/slog"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/tracing"
)

// startTracing sets up the tracing cfg asks for and says so in the log.
// stop flushes the buffered spans within tracing.DefaultFlushTimeout (a
// failure is logged); call it after the pipeline has stopped.
func startTracing(ctx context.Context, cfg config.Tracing, version string, log *slog.Logger) (tp *tracing.Provider, stop func(), err error) {
	tp, err = tracing.New(ctx, cfg, version, log)
	if err != nil {
		return nil, nil, err
	}
	if tp.Exporting() {
		log.Info("tracing: exporting spans over OTLP/HTTP", "endpoint", cfg.OTLPEndpoint, "sample_ratio", cfg.SampleRatio, "service_name", cfg.ServiceName)
	} else {
		log.Debug("tracing: no tracing.otlp_endpoint, spans are not recorded; an input's traceparent is carried to its outputs")
	}
	return tp, func() {
		if err := tp.Close(); err != nil {
			log.Warn("tracing: spans lost at exit", "err", err)
		}
	}, nil
}
