package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/metrics"
	"github.com/triage/triage/internal/review"
)

// cmdReview is "triage review serve": the review page (internal/review) on
// its own address, until ctx is cancelled. Exit code: 0 stopped, 1
// failed, 2 usage or configuration error.
func cmdReview(ctx context.Context, args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	const use = "usage: triage review serve [--addr HOST:PORT] [--config FILE] [flags]"
	if len(args) == 0 || args[0] != "serve" {
		fmt.Fprintln(stderr, use)
		return 2
	}
	fs := flag.NewFlagSet("triage review serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", review.DefaultAddr, "listen address of the review page (it writes corrections: keep it private or set review.token_file)")
	cfg, ok := loadConfig(fs, args[1:], lookup, stderr)
	if !ok {
		return 2
	}
	log := newLogger(stdout, cfg.Log)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "triage review serve: --addr: %v\n", err)
		return 1
	}
	if err := review.Serve(ctx, cfg, ln, log); err != nil {
		fmt.Fprintf(stderr, "triage review serve: %v\n", err)
		return 1
	}
	return 0
}

// watchReview follows the review backlog into m's registry (review.Watch)
// until the returned stop is called.
func watchReview(ctx context.Context, cfg config.Config, m *metrics.Metrics, log *slog.Logger) (func(), error) {
	cluster, err := cfg.Kafka.Cluster()
	if err != nil {
		return nil, err
	}
	return review.Watch(ctx, cluster, cfg.Topics.Review, cfg.Topics.Corrections, m.Registry, log)
}
