package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/pipeline"
)

// cmdConfig is "triage config doc|check".
//
// "config check" loads the configuration, reads every file it names (API
// key, SASL password, TLS certificates, rules) and builds the pipeline
// without connecting; with --connect it also reaches the brokers with the
// configured security and checks that every topic exists, waiting up to
// --timeout. Exit 0 valid, 1 unreachable or a topic missing, 2 invalid.
func cmdConfig(ctx context.Context, args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	if len(args) == 0 || (args[0] != "doc" && args[0] != "check") {
		fmt.Fprintln(stderr, "usage: triage config doc | triage config check [--connect] [--config FILE] [flags]")
		return 2
	}
	if args[0] == "doc" {
		fmt.Fprint(stdout, config.Markdown())
		return 0
	}
	fs := flag.NewFlagSet("triage config check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	connect := fs.Bool("connect", false, "also reach the brokers (with kafka.tls/kafka.sasl) and check that every configured topic exists")
	timeout := fs.Duration("timeout", 15*time.Second, "with --connect, how long to wait for the brokers")
	cfg, ok := loadConfig(fs, args[1:], lookup, stderr)
	if !ok {
		return 2
	}
	p, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), info.Version, pipeline.Hooks{})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	_ = p.Close()
	fmt.Fprintln(stdout, "configuration is valid")
	if !*connect {
		return 0
	}
	cluster, err := cfg.Kafka.Cluster()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	// The topics run checks: each enabled input, its output, the DLQ.
	var topics []string
	tp := cfg.Topics
	for _, t := range [][2]string{{tp.Emails, tp.Orders}, {tp.Tickets, tp.Routed}} {
		if t[0] != "" {
			topics = append(topics, t[0], t[1])
		}
	}
	topics = append(topics, tp.DLQ)
	fmt.Fprintf(stdout, "connecting to %v (%s) …\n", cluster.Brokers, cluster.Auth)
	parts, err := consumer.CheckTopics(ctx, cluster, topics, *timeout, newLogger(stderr, config.Log{Level: "warn", Format: "text"}))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, t := range topics {
		fmt.Fprintf(stdout, "topic %s: %d partitions\n", t, parts[t])
	}
	fmt.Fprintln(stdout, "brokers and topics reachable")
	return 0
}
