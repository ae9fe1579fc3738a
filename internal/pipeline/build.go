package pipeline

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode"
	"github.com/triage/triage/processors/llm"
	"github.com/triage/triage/processors/rules"
	"github.com/triage/triage/schemas"
)

// Event types published by triage.
const (
	TypeRouted = "triage.ticket.routed.v1"
	TypeOrder  = "triage.email.order_extracted.v1"
)

// Pipeline is a built, not yet running, triage service. Close it once the
// runner (or whatever else uses Handler) has stopped.
type Pipeline struct {
	Runner  *consumer.Runner
	Handler *Handler
	Rules   *rules.Rules
	// Answers follows the corrections topic into the memory store of
	// people's answers (review.enabled without a Redis answer cache); nil
	// otherwise. Run starts it; a replay must Start it before deciding.
	Answers *Answers

	store     io.Closer // the answer cache's connections; nil when none
	labels    io.Closer // review.labels_file; nil when none
	closeOnce sync.Once
	closeErr  error
}

// Close releases what the pipeline holds besides the runner: the answer
// cache's Redis connections. Later calls return the first call's result.
func (p *Pipeline) Close() error {
	p.closeOnce.Do(func() {
		if p.store != nil {
			if err := p.store.Close(); err != nil {
				p.closeErr = fmt.Errorf("pipeline: close answer cache: %w", err)
			}
		}
		if p.labels != nil {
			if err := p.labels.Close(); err != nil && p.closeErr == nil {
				p.closeErr = fmt.Errorf("pipeline: close review.labels_file: %w", err)
			}
		}
	})
	return p.closeErr
}

// Build assembles the pipeline described by cfg: schemas compiled, rules
// loaded and checked, processors wrapped in the cascade of engines.build
// (LLM failures are retried by the LLM client, then answered by the rules).
// It fails fast on any bad asset and on a Redis answer cache that does not
// answer; it does not connect to Kafka.
func Build(cfg config.Config, log *slog.Logger, version string, hooks Hooks) (_ *Pipeline, err error) {
	sch, err := schemas.Load()
	if err != nil {
		return nil, err
	}
	rs, err := loadRules(cfg.Rules.File)
	if err != nil {
		return nil, err
	}
	routeProc, m, err := routeRules(rs, cfg.Rules.Model, cfg.Rules.File)
	if err != nil {
		return nil, err
	}
	eng, err := newEngines(cfg.LLM, rs, log, hooks)
	if err != nil {
		return nil, err
	}
	eng.model = m
	extractProc, om, err := extractRules(rs, cfg.Rules.OrderModel, cfg.Rules.File)
	if err != nil {
		return nil, err
	}
	eng.orders = om
	if eng.catalog, err = loadCatalog(cfg.Rules.Catalog); err != nil {
		return nil, err
	}
	store, closer, err := answerStore(cfg.LLM)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil && closer != nil {
			_ = closer.Close()
		}
	}()
	policy, corrections, labels, err := reviewParts(cfg, eng, store)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil && labels != nil {
			_ = labels.Close()
		}
	}()
	timeout := processors.Timeout(cfg.Processing.Timeout)
	routes := map[string]Route{}
	var inputs, outputs []string
	add := func(name, input, output string, kind processors.Kind, eventType, schema string, rulesProc processors.Processor, newLLM func(*llm.Client) (llmEngine, error)) error {
		p, v, err := eng.build(name, processors.Chain(rulesProc, timeout), newLLM, timeout, store)
		if err != nil {
			return err
		}
		routes[input] = Route{Kind: kind, Output: output, Spec: processors.Spec{
			Name: name, Version: v, EventType: eventType, Schema: schema, Processor: p,
		}}
		inputs, outputs = append(inputs, input), append(outputs, output)
		return nil
	}
	if t := cfg.Topics.Tickets; t != "" {
		if err := add("route", t, cfg.Topics.Routed, processors.KindTicket, TypeRouted, schemas.TicketRouted, routeProc, eng.router()); err != nil {
			return nil, err
		}
	}
	if t := cfg.Topics.Emails; t != "" {
		if err := add("extract", t, cfg.Topics.Orders, processors.KindEmail, TypeOrder, schemas.EmailOrder, extractProc, eng.extractor()); err != nil {
			return nil, err
		}
	}
	if corrections != nil {
		inputs, outputs = append(inputs, corrections.Topic), append(outputs, policy.Topic)
	}
	mode, err := ParseMode(cfg.Events.Mode)
	if err != nil {
		return nil, err
	}
	h := &Handler{
		Routes:  routes,
		Decoder: &decode.Decoder{MaxBytes: cfg.Limits.MaxMessageBytes},
		Schemas: sch, Validate: cfg.Events.Validate,
		Source:  cfg.Events.Source,
		Mode:    mode,
		Tracing: hooks.Tracing,
		Review:  policy, Corrections: corrections,
		Log: log, LogTextMax: cfg.Log.MaxTextBytes, Raw: !cfg.Log.Redact,
	}
	k := cfg.Kafka
	if cfg.LLM.Enabled() && k.MaxInFlight <= cfg.LLM.Concurrency {
		log.Warn("kafka.max_in_flight is not above llm.concurrency: records in LLM calls count in it, so the LLM cannot reach its concurrency",
			"max_in_flight", k.MaxInFlight, "llm_concurrency", cfg.LLM.Concurrency)
	}
	cluster, err := k.Cluster()
	if err != nil {
		return nil, err
	}
	var answers *Answers
	if corrections != nil && cfg.LLM.CacheBackend != "redis" {
		answers = &Answers{h: h, cluster: cluster, topic: corrections.Topic, log: log, ready: make(chan struct{})}
	}
	r, err := consumer.New(consumer.Config{
		Brokers: k.Brokers, Auth: cluster.Auth, GroupID: k.GroupID, Topics: inputs, OutputTopics: outputs,
		MaxInFlight: k.MaxInFlight, MaxBufferedBytes: k.MaxBufferedBytes, CheckpointLimit: k.CheckpointLimit, RevokeTimeout: k.RevokeTimeout, CommitInterval: k.CommitInterval, ShutdownTimeout: k.ShutdownTimeout,
		StartOffset: k.StartOffset, SessionTimeout: k.SessionTimeout, RebalanceTimeout: k.RebalanceTimeout,
		HeartbeatInterval: k.HeartbeatInterval, FetchMaxBytes: max(16<<20, 2*cfg.Limits.MaxMessageBytes),
		DLQTopic: cfg.Topics.DLQ, DLQInlineMaxBytes: cfg.Limits.DLQInlineMaxBytes,
		BatchTimeout: k.BatchTimeout, StartupTimeout: k.StartupTimeout, LagInterval: k.LagInterval, StallTimeout: k.StallTimeout,
		Version: version, Logger: log, Observer: hooks.Consumer, Tracing: hooks.Tracing,
	}, h)
	if err != nil {
		return nil, err
	}
	log.Info("pipeline built", "rules_version", rs.Version(), "route_rules_version", eng.rulesVersion("route"), "llm", cfg.LLM.Enabled(), "inputs", inputs, "outputs", outputs, "dlq", cfg.Topics.DLQ)
	return &Pipeline{Runner: r, Handler: h, Rules: rs, Answers: answers, store: closer, labels: labels}, nil
}

// Run runs the service until ctx is cancelled: it first starts Answers and
// waits until the answers of every correction already written are stored
// (so no input is decided against a person's earlier answer), then runs
// the Runner (see consumer.Runner.Run for what blocks, what is committed
// and when). The follower stops after the runner. It returns the runner's
// error, or the follower's when it cannot start.
func (p *Pipeline) Run(ctx context.Context) error {
	stop, err := p.Answers.Start(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("pipeline: follow the corrections topic: %w", err)
	}
	defer stop()
	return p.Runner.Run(ctx)
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
