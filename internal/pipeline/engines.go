package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/tracing"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/catalog"
	"github.com/triage/triage/processors/engine"
	"github.com/triage/triage/processors/llm"
	"github.com/triage/triage/processors/model"
	"github.com/triage/triage/processors/rules"
)

// Hooks observe the pipeline; all optional, none may block.
type Hooks struct {
	OnDecision func(processor, source, reason string)
	// OnBreakerState is called with from "" for the initial closed state.
	OnBreakerState func(breaker, from, to string)
	// OnCache reports each answer-cache lookup: processors.CacheHit,
	// CacheMiss or CacheInvalid (a hit that failed re-validation).
	OnCache func(processor, result string)
	// OnCacheError reports a failed cache store operation:
	// processors.CacheGet or CacheSet.
	OnCacheError func(processor, op string)
	OnLLMCall    func(processor, model string, resp llm.Response, err error)
	OnBudget     func(spentUSD, limitUSD float64)
	// OnReview is called for each reason a published decision goes to
	// review (review.enabled).
	OnReview func(processor, reason string)
	// OnModelAgreement is called for each decision the LLM answered when a
	// routing model is configured: would the model have chosen the same?
	OnModelAgreement func(processor string, agree bool)
	Consumer         consumer.Observer
	// Tracing makes the spans of every record (see trace.go and
	// consumer.Path.Trace); nil makes none, yet outputs still carry an
	// input's traceparent.
	Tracing trace.TracerProvider
}

// observed reports every completion of one processor to the hook.
type observed struct {
	engine.Completer
	processor, model string
	hook             func(processor, model string, resp llm.Response, err error)
}

func (o observed) Complete(ctx context.Context, req llm.Request) (llm.Response, error) {
	resp, err := o.Completer.Complete(ctx, req)
	if o.hook != nil {
		o.hook(o.processor, o.model, resp, err)
	}
	return resp, err
}

// engines holds what both processors share: the rules, and the LLM client
// with its rate limits (one per API key) when an LLM is configured.
type engines struct {
	rules *rules.Rules
	model *model.Model // rules.model, beside the rules for routing; nil when none
	// orders is rules.order_model, checking the rules' orders; nil when none.
	orders *model.Model
	// catalog is rules.catalog, grounding every extraction; nil when none.
	catalog *catalog.Catalog
	client  *llm.Client
	budget  *processors.BudgetGuard
	cfg     config.LLM
	log     *slog.Logger
	hooks   Hooks
	tracer  trace.Tracer
	// human, when set, makes the middleware that answers from people's
	// corrections, outermost after decided (review.enabled; see human.go).
	human func(name string) processors.Middleware
}

func newEngines(cfg config.LLM, rs *rules.Rules, log *slog.Logger, hooks Hooks) (*engines, error) {
	e := &engines{rules: rs, cfg: cfg, log: log, hooks: hooks, tracer: tracing.Tracer(hooks.Tracing)}
	if !cfg.Enabled() {
		log.Warn("no LLM configured (llm.base_url empty): running rules-only, every event says fallback_reason=llm_disabled")
		return e, nil
	}
	key, err := llm.APIKeyFromEnvOrFile(cfg.APIKey, cfg.APIKeyFile)
	if err != nil {
		return nil, fmt.Errorf("pipeline: llm api key: %w", err)
	}
	e.client, err = llm.New(llm.Config{
		BaseURL: cfg.BaseURL, APIKey: key, Model: cfg.Model, Timeout: cfg.Timeout, Concurrency: cfg.Concurrency,
		MaxRetries: max(cfg.MaxRetries, 0), RetryBackoff: cfg.RetryBackoff, RPM: cfg.RPM, TPM: cfg.TPM,
		MaxInputTokens: cfg.MaxInputTokens, MaxOutputTokens: cfg.MaxOutputTokens, Temperature: 0.01,
		Prices: map[string]llm.Price{cfg.Model: {InputPerMTok: cfg.PriceInputPerMTok, OutputPerMTok: cfg.PriceOutputPerMTok}},
	}, llm.WithLogger(log), llm.WithParking(consumer.Park)) // waiting for an LLM slot holds no max_in_flight slot
	if err != nil {
		return nil, fmt.Errorf("pipeline: llm: %w", err)
	}
	e.budget = processors.NewBudgetGuard(cfg.BudgetUSD, cfg.BudgetWindow, hooks.OnBudget)
	log.Info("LLM engine enabled", "base_url", cfg.BaseURL, "model", cfg.Model, "concurrency", cfg.Concurrency, "rules_first", cfg.RulesFirst, "cache_size", cfg.CacheSize)
	return e, nil
}

// llmEngine is what an LLM processor offers the cascade.
type llmEngine interface {
	processors.Processor
	Version() string
	// CacheContract and Recheck serve the answer cache: what its keys are
	// made of, and the re-validation of a hit (see engine.Router).
	CacheContract() []string
	Recheck(in processors.Input, hit processors.Output) (processors.Output, error)
}

// build returns the processor for one task and its version (for event
// ids): rules alone (fallback llm_disabled) or the cascade
// RulesFirst? → Fallback(rules) → Timeout → Calibrated(llm) → Cache? → Budget → Breaker → LLM,
// either behind Human? (people's answers, with review.enabled).
// Both engines' confidences are calibrated (calibrate.go) before a gate
// reads them; the rules' inside RulesFirst and Fallback.
// Spans: rules around the rules, cache around the cache, llm from the
// budget in (so a breaker_open or budget_exceeded attempt is one too).
func (e *engines) build(name string, rulesProc processors.Processor, newLLM func(*llm.Client) (llmEngine, error), timeout processors.Middleware, store processors.Store) (processors.Processor, string, error) {
	onDecision := func(source, reason string) {
		if e.hooks.OnDecision != nil {
			e.hooks.OnDecision(name, source, reason)
		}
	}
	rulesProc = processors.Chain(rulesProc, processors.Traced(e.tracer, SpanRules, nil), calibrated("rules", name))
	mws := []processors.Middleware{decided}
	if name == "route" && e.model != nil && e.client != nil && e.hooks.OnModelAgreement != nil {
		mws = append(mws, agreement(name, e.model, e.hooks.OnModelAgreement))
	}
	if e.human != nil {
		mws = append(mws, e.human(name))
	}
	mws = append(mws, e.grounding(name)...)
	if e.client == nil {
		p := processors.Chain(processors.Disabled, append(mws, processors.Fallback(rulesProc, processors.FallbackOptions{OnDecision: onDecision}))...)
		return p, e.rulesVersion(name) + calVersion("rules", name), nil
	}
	eng, err := newLLM(e.client)
	if err != nil {
		return nil, "", err
	}
	version := "cascade-" + e.rulesVersion(name) + calVersion("rules", name) + "-" + eng.Version() + calVersion("llm", name)
	if e.cfg.RulesFirst {
		mws = append(mws, processors.RulesFirst(rulesProc, e.cfg.RulesFirstMin))
		version += fmt.Sprintf("-rf%g", e.cfg.RulesFirstMin)
	}
	// The LLM's confidence is calibrated outside the cache (which keeps raw
	// answers) and inside Fallback, whose min_confidence reads it.
	mws = append(mws, processors.Fallback(rulesProc, processors.FallbackOptions{MinConfidence: e.cfg.MinConfidence, OnDecision: onDecision}), timeout, calibrated("llm", name))
	if store != nil {
		mws = append(mws, processors.Traced(e.tracer, SpanCache, cacheAttrs), e.cache(name, eng, store))
	}
	mws = append(mws, processors.Traced(e.tracer, SpanLLM, llmAttrs(e.cfg.Model)), processors.Budget(e.budget))
	breakerName := name + "/" + e.cfg.Model
	if e.hooks.OnBreakerState != nil {
		e.hooks.OnBreakerState(breakerName, "", "closed")
	}
	mws = append(mws, processors.Breaker(processors.BreakerSettings{
		Name: breakerName, ConsecutiveFailures: uint32(e.cfg.BreakerFailures), FailureRatio: e.cfg.BreakerRatio,
		MinRequests: uint32(e.cfg.BreakerMinRequests), Window: e.cfg.BreakerWindow, OpenTimeout: e.cfg.BreakerOpenFor,
		Ignore: func(err error) bool { return errors.Is(err, llm.ErrLimited) },
		OnStateChange: func(name, from, to string) {
			e.log.Warn("circuit breaker state change", "breaker", name, "from", from, "to", to)
			if e.hooks.OnBreakerState != nil {
				e.hooks.OnBreakerState(name, from, to)
			}
		},
	}))
	return processors.Chain(eng, mws...), version, nil
}

func (e *engines) router() func(*llm.Client) (llmEngine, error) {
	return func(c *llm.Client) (llmEngine, error) {
		return engine.NewRouter(observed{c, "route", e.cfg.Model, e.hooks.OnLLMCall}, e.cfg.Model, e.rules.Router.Queues, e.rules.Router.FallbackQueue,
			engine.WithDescriptions(e.rules.Router.Descriptions))
	}
}

func (e *engines) extractor() func(*llm.Client) (llmEngine, error) {
	return func(c *llm.Client) (llmEngine, error) {
		x, err := engine.NewExtractor(observed{c, "extract", e.cfg.Model, e.hooks.OnLLMCall}, e.cfg.Model)
		if err == nil && e.catalog != nil {
			x.WithCatalog(e.catalog, catalogTopK)
		}
		return x, err
	}
}

// TaskProcessor builds the processor of one task ("route" or "extract")
// outside a pipeline, for "triage eval": cascade is the service's
// LLM-with-rules-fallback chain, its rules engine beside the model of the
// task (route or order; nil for the rules alone) as the service runs it;
// otherwise the bare LLM engine (failures are errors). It needs
// cfg.Enabled().
func TaskProcessor(cfg config.LLM, rs *rules.Rules, m *model.Model, task string, cascade bool, timeout time.Duration, log *slog.Logger) (processors.Processor, error) {
	if !cfg.Enabled() {
		return nil, errors.New("pipeline: no LLM configured (set TRIAGE_LLM_BASE_URL and TRIAGE_LLM_MODEL)")
	}
	e, err := newEngines(cfg, rs, log, Hooks{})
	if err != nil {
		return nil, err
	}
	var rulesProc processors.Processor
	var newLLM func(*llm.Client) (llmEngine, error)
	switch task {
	case "route":
		e.model, newLLM = m, e.router()
		rulesProc, err = routeEngine(rs, m)
	case "extract":
		e.orders, newLLM = m, e.extractor()
		rulesProc, err = extractEngine(rs, m)
	default:
		return nil, fmt.Errorf("pipeline: unknown task %q", task)
	}
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	if !cascade {
		return newLLM(e.client)
	}
	// The store of a one-shot eval lives as long as the process.
	store, _, err := answerStore(cfg)
	if err != nil {
		return nil, err
	}
	p, _, err := e.build(task, rulesProc, newLLM, processors.Timeout(timeout), store)
	return p, err
}
