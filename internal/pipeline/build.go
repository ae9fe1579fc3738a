package pipeline

import (
	"fmt"
	"log/slog"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/rules"
	"github.com/triage/triage/schemas"
)

// Event types published by triage.
const (
	TypeRouted = "triage.ticket.routed.v1"
	TypeOrder  = "triage.email.order_extracted.v1"
)

// Pipeline is a built, not yet running, triage service.
type Pipeline struct {
	Runner  *consumer.Runner
	Handler *Handler
	Rules   *rules.Rules
}

// Build assembles the pipeline described by cfg: schemas compiled, rules
// loaded and checked, processors wrapped in retry and timeout middleware.
// It fails fast on any bad asset; it does not connect to Kafka.
func Build(cfg config.Config, log *slog.Logger, version string) (*Pipeline, error) {
	sch, err := schemas.Load()
	if err != nil {
		return nil, err
	}
	rs, err := loadRules(cfg.Rules.File)
	if err != nil {
		return nil, err
	}
	mws := []processors.Middleware{
		processors.Retry(processors.RetryPolicy{Retries: cfg.Processing.Retries, Backoff: cfg.Processing.RetryBackoff}),
		processors.Timeout(cfg.Processing.Timeout),
	}
	routes := map[string]Route{}
	var inputs, outputs []string
	if t := cfg.Topics.Tickets; t != "" {
		routes[t] = Route{Kind: processors.KindTicket, Output: cfg.Topics.Routed, Spec: processors.Spec{
			Name: "route", Version: rs.Version(), EventType: TypeRouted, Schema: schemas.TicketRouted,
			Processor: processors.Chain(rules.NewRouter(rs), mws...),
		}}
		inputs, outputs = append(inputs, t), append(outputs, cfg.Topics.Routed)
	}
	if t := cfg.Topics.Emails; t != "" {
		routes[t] = Route{Kind: processors.KindEmail, Output: cfg.Topics.Orders, Spec: processors.Spec{
			Name: "extract", Version: rs.Version(), EventType: TypeOrder, Schema: schemas.EmailOrder,
			Processor: processors.Chain(rules.NewExtractor(rs), mws...),
		}}
		inputs, outputs = append(inputs, t), append(outputs, cfg.Topics.Orders)
	}
	h := &Handler{
		Routes:  routes,
		Decoder: &processors.Decoder{Schemas: sch, MaxBytes: cfg.Limits.MaxMessageBytes},
		Schemas: sch,
		Source:  cfg.Events.Source,
	}
	k := cfg.Kafka
	r, err := consumer.New(consumer.Config{
		Brokers: k.Brokers, GroupID: k.GroupID, Topics: inputs, OutputTopics: outputs,
		MaxInFlight: k.MaxInFlight, CommitInterval: k.CommitInterval, ShutdownTimeout: k.ShutdownTimeout,
		StartOffset: k.StartOffset, SessionTimeout: k.SessionTimeout, RebalanceTimeout: k.RebalanceTimeout,
		HeartbeatInterval: k.HeartbeatInterval, FetchMaxBytes: max(16<<20, 2*cfg.Limits.MaxMessageBytes),
		DLQTopic: cfg.Topics.DLQ, DLQInlineMaxBytes: cfg.Limits.DLQInlineMaxBytes,
		BatchTimeout: k.BatchTimeout, StartupTimeout: k.StartupTimeout,
		Version: version, Logger: log,
	}, h)
	if err != nil {
		return nil, err
	}
	log.Info("pipeline built", "rules_version", rs.Version(), "engine", "rules", "inputs", inputs, "outputs", outputs, "dlq", cfg.Topics.DLQ)
	return &Pipeline{Runner: r, Handler: h, Rules: rs}, nil
}

func loadRules(path string) (*rules.Rules, error) {
	if path == "" {
		rs, err := rules.Default()
		if err != nil {
			return nil, fmt.Errorf("pipeline: embedded rules: %w", err)
		}
		return rs, nil
	}
	rs, err := rules.Load(path)
	if err != nil {
		return nil, fmt.Errorf("pipeline: rules.file: %w", err)
	}
	return rs, nil
}
