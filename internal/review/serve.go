package review

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/processors/catalog"
	"github.com/triage/triage/processors/rules"
)

// DefaultAddr is where "triage review serve" listens unless --addr says
// otherwise: this machine only (the page writes corrections).
const DefaultAddr = "127.0.0.1:9465"

// Serve runs the review page on ln until ctx is cancelled: it follows
// topics.review and topics.corrections (Follow), offers the queues of the
// configured rules, requires review.token_file's bearer token when set,
// writes corrections to topics.corrections (acks=all), and serves the
// review backlog's metrics (Stats) at /metrics. It returns nil
// after ctx is cancelled and in-flight requests finished (5 s at most).
func Serve(ctx context.Context, cfg config.Config, ln net.Listener, log *slog.Logger) error {
	cluster, err := cfg.Kafka.Cluster()
	if err != nil {
		return err
	}
	rs, err := loadRules(cfg.Rules.File)
	if err != nil {
		return err
	}
	token := ""
	if p := cfg.Review.TokenFile; p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("review: review.token_file: %w", err)
		}
		if token = strings.TrimSpace(string(b)); token == "" {
			return fmt.Errorf("review: review.token_file %s is empty", p)
		}
	}
	w := &kafka.Writer{Addr: kafka.TCP(cluster.Brokers...), Topic: cfg.Topics.Corrections, Transport: cluster.Auth.Transport(),
		RequiredAcks: kafka.RequireAll, Balancer: &kafka.Hash{}, BatchTimeout: 5 * time.Millisecond}
	defer w.Close()
	var cat *catalog.Catalog
	if p := cfg.Rules.Catalog; p != "" {
		if cat, err = catalog.Load(p); err != nil {
			return fmt.Errorf("review: rules.catalog: %w", err)
		}
	}
	board, stats := NewBoard(), NewStats(nil)
	reg := prometheus.NewRegistry()
	reg.MustRegister(stats)
	srv, err := New(Options{Board: board, Queues: rs.Router.Queues, Token: token, Log: log,
		Metrics: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), Catalog: cat,
		Publish: func(ctx context.Context, key, value []byte) error {
			return w.WriteMessages(ctx, kafka.Message{Key: key, Value: value})
		}})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	follow := make(chan error, 1)
	go func() { follow <- Follow(ctx, cluster, cfg.Topics.Review, cfg.Topics.Corrections, log, board, stats) }()
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	log.Info("review page serving", "addr", ln.Addr().String(), "review", cfg.Topics.Review, "corrections", cfg.Topics.Corrections, "bearer_token", token != "")
	select {
	case err = <-follow:
	case err = <-served:
	case <-ctx.Done():
	}
	sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer scancel()
	_ = hs.Shutdown(sctx)
	cancel()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

func loadRules(path string) (*rules.Rules, error) {
	if path == "" {
		return rules.Default()
	}
	rs, err := rules.Load(path)
	if err != nil {
		return nil, fmt.Errorf("review: rules.file: %w", err)
	}
	return rs, nil
}
