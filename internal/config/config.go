// Package config is triage's configuration: one plain struct with defaults,
// read from a strict YAML file (unknown keys fail), then overridden by
// TRIAGE_* environment variables, then by command-line flags, then
// validated. Every setting is documented once, in its `doc` tag; the README
// table and the flag help are generated from it (triage config doc).
package config

import (
	"errors"
	"fmt"
	"time"

	"github.com/triage/triage/internal/kafkaauth"
)

// Config is the whole configuration of the service.
type Config struct {
	Kafka      Kafka      `yaml:"kafka"`
	Topics     Topics     `yaml:"topics"`
	Limits     Limits     `yaml:"limits"`
	Processing Processing `yaml:"processing"`
	Rules      Rules      `yaml:"rules"`
	LLM        LLM        `yaml:"llm"`
	Admin      Admin      `yaml:"admin"`
	Events     Events     `yaml:"events"`
	Review     Review     `yaml:"review"`
	Log        Log        `yaml:"log"`
	Tracing    Tracing    `yaml:"tracing"`
}

// Kafka is how to reach the brokers and behave in the consumer group.
type Kafka struct {
	Brokers           List          `yaml:"brokers" doc:"bootstrap brokers, host:port: a YAML list or one comma-separated string (also in env and flags; required)"`
	GroupID           string        `yaml:"group_id" doc:"consumer group id; instances with the same id share the partitions"`
	StartOffset       string        `yaml:"start_offset" doc:"where a new group starts: earliest or latest"`
	MaxInFlight       int           `yaml:"max_in_flight" doc:"records being handled (dispatched, not yet finished, not waiting for an LLM slot) over all partitions: concurrency, and how many records share a producer batch (memory is kafka.max_buffered_bytes)"`
	MaxBufferedBytes  int           `yaml:"max_buffered_bytes" doc:"bytes of records fetched and not yet finished (waiting, being handled, awaiting their outputs' acknowledgement) and of their outputs, over all partitions; fetching waits when it is spent (a larger record is read alone)"`
	CheckpointLimit   int           `yaml:"checkpoint_limit" doc:"records fetched and not yet committed, per partition; after a crash at most this many records of each partition the instance owned are decided again"`
	RevokeTimeout     time.Duration `yaml:"revoke_timeout" doc:"in a rebalance, budget for in-flight records to finish before they are abandoned (redelivered to the next owner); plus heartbeat_interval it must stay below rebalance_timeout"`
	CommitInterval    time.Duration `yaml:"commit_interval" doc:"how often finished offsets are committed"`
	ShutdownTimeout   time.Duration `yaml:"shutdown_timeout" doc:"budget to finish in-flight records on SIGINT/SIGTERM; the rest is redelivered later"`
	SessionTimeout    time.Duration `yaml:"session_timeout" doc:"group session timeout (Kafka refuses < 6s)"`
	RebalanceTimeout  time.Duration `yaml:"rebalance_timeout" doc:"how long the group waits for members to rejoin in a rebalance"`
	HeartbeatInterval time.Duration `yaml:"heartbeat_interval" doc:"group heartbeat interval, below session_timeout"`
	BatchTimeout      time.Duration `yaml:"batch_timeout" doc:"producer linger before sending a partial batch (outputs of all records in flight share batches)"`
	StartupTimeout    time.Duration `yaml:"startup_timeout" doc:"how long to wait for the brokers at start"`
	LagInterval       time.Duration `yaml:"lag_interval" doc:"how often this instance's lag is computed and the brokers probed (metrics and /readyz; one failed probe makes /readyz fail)"`
	StallTimeout      time.Duration `yaml:"stall_timeout" doc:"lag without progress for this long makes /readyz fail"`
	// TLS and SASL apply to every Kafka connection: the group, the
	// producer, lag probes, replay, offsets reset and dead-letter re-drive.
	TLS  kafkaauth.TLS  `yaml:"tls"`
	SASL kafkaauth.SASL `yaml:"sasl"`
}

// Security is the kafka.tls and kafka.sasl settings; kafkaauth.New loads them.
func (k Kafka) Security() kafkaauth.Config { return kafkaauth.Config{TLS: k.TLS, SASL: k.SASL} }

// Cluster loads the security settings (reading their files) and returns
// the brokers with them.
func (k Kafka) Cluster() (kafkaauth.Cluster, error) {
	a, err := kafkaauth.New(k.Security())
	return kafkaauth.Cluster{Brokers: k.Brokers, Auth: a}, err
}

// Topics names every topic. An empty input topic disables that input.
type Topics struct {
	Emails  string `yaml:"emails" doc:"input topic of email events (order extraction); empty disables"`
	Tickets string `yaml:"tickets" doc:"input topic of ticket events (routing); empty disables"`
	Orders  string `yaml:"orders" doc:"output topic of triage.email.order_extracted.v1 events"`
	Routed  string `yaml:"routed" doc:"output topic of triage.ticket.routed.v1 events"`
	DLQ     string `yaml:"dlq" doc:"dead-letter topic"`
	// Review and Corrections are used with review.enabled only.
	Review      string `yaml:"review" doc:"output topic of triage.review.task.v1 review tasks (with review.enabled)"`
	Corrections string `yaml:"corrections" doc:"input topic of people's corrections (schemas/correction.v1.json), read by triage run with review.enabled; triage review serve writes to it"`
}

// Review sends uncertain decisions to people (topics.review) and learns
// from their corrections (topics.corrections).
type Review struct {
	Enabled              bool    `yaml:"enabled" doc:"flag uncertain decisions (data.review), publish a review task for each to topics.review and read topics.corrections; both topics must exist"`
	RouteMinConfidence   float64 `yaml:"route_min_confidence" doc:"a routing decision whose calibrated confidence is below this goes to review (0 = never for confidence alone)"`
	ExtractMinConfidence float64 `yaml:"extract_min_confidence" doc:"an extraction whose calibrated confidence is below this goes to review (0 = never for confidence alone)"`
	LabelsFile           string  `yaml:"labels_file" doc:"file each correction's labelled example is appended to, in triage eval's input format (one file per replica); empty = none"`
	TokenFile            string  `yaml:"token_file" doc:"file holding a bearer token triage review serve requires on every request (besides its CSRF check); empty = none"`
}

// Limits bound what one record may cost.
type Limits struct {
	MaxMessageBytes   int `yaml:"max_message_bytes" doc:"input values larger than this are dead-lettered as too_large"`
	DLQInlineMaxBytes int `yaml:"dlq_inline_max_bytes" doc:"largest original value copied into a dead letter; larger ones become a pointer"`
	MemoryBytes       int `yaml:"memory_bytes" doc:"soft limit of the Go runtime's memory (heap, stacks): garbage is collected sooner as it nears it; 0: 3 x kafka.max_buffered_bytes + 16 MiB, plus llm.concurrency x 512 KiB with an LLM; the GOMEMLIMIT environment variable, when set, wins"`
}

// Processing governs one decision. Failed LLM calls are retried by the LLM
// client (llm.max_retries), then answered by the rules; there is no second
// retry around the processor (see removed.go).
type Processing struct {
	Timeout time.Duration `yaml:"timeout" doc:"time limit of one decision (LLM call with its retries, or the rules)"`
}

// Rules locates the rule-based engine's rules.
type Rules struct {
	File string `yaml:"file" doc:"rules YAML file; empty uses the embedded default"`
	// Model is the routing model (processors/model) the rules router uses
	// as one more source of evidence; its version joins the route
	// processor's engine version, cache key and event ids.
	Model string `yaml:"model" doc:"routing model used beside the rules (never instead of them) to route tickets: a file written by triage learn, builtin (the embedded model trained on the labelled sets of the default queues), or none (the rules alone); its version joins engine_version; empty = builtin with the embedded default rules, none with rules.file"`
	// OrderModel is the order model (processors/model's CombineOrders)
	// that checks the rules extractor's orders; its version joins the
	// extract processor's engine version, cache key and event ids.
	OrderModel string `yaml:"order_model" doc:"order model that checks the rules' orders (never adds one): builtin (the embedded model trained on the labelled email sets) declines an order the rules read from the new text when it puts no order at 0.95 or more, saying so in decision.declined_by; none = the rules alone (builtin, none or empty); its version joins engine_version; empty = builtin with the embedded default rules, none with rules.file"`
	// Catalog is the product catalog (processors/catalog) both extraction
	// engines are grounded in; its version joins the extract processor's.
	Catalog string `yaml:"catalog" doc:"product catalog (CSV or JSONL: sku, name, aliases, unit_price, currency) grounding extracted items: each resolves to a SKU with a score or is flagged unknown_product, a missing price is filled (price_from catalog), the LLM prompt gets the top candidates; read at load, its version joins engine_version; empty = none"`
}

// LLM configures the primary engine. With an empty base_url triage runs
// rules-only (every event says fallback_reason llm_disabled).
type LLM struct {
	BaseURL            string        `yaml:"base_url" doc:"OpenAI-compatible endpoint (OpenAI, Azure /openai/v1, vLLM, Ollama), e.g. https://api.openai.com/v1; empty = rules only"`
	APIKey             string        `yaml:"api_key" doc:"API key; prefer the environment variable or llm.api_key_file; never logged"`
	APIKeyFile         string        `yaml:"api_key_file" doc:"file holding the API key (e.g. a mounted secret); read when the configuration is loaded, so config check fails when it is missing"`
	Model              string        `yaml:"model" doc:"model name sent to the endpoint"`
	Timeout            time.Duration `yaml:"timeout" doc:"time limit of one HTTP call (rate-limiter waiting excluded)"`
	Concurrency        int           `yaml:"concurrency" doc:"LLM calls in progress at once, over both processors; more wait for a slot without holding a kafka.max_in_flight slot, so records the rules decide are not held behind them; also the HTTP client's idle connections"`
	MaxRetries         int           `yaml:"max_retries" doc:"retries on timeouts, 429 and 5xx, honouring Retry-After"`
	RetryBackoff       time.Duration `yaml:"retry_backoff" doc:"first retry delay, doubled per retry with jitter"`
	RPM                int           `yaml:"rpm" doc:"requests per minute allowed (0 = unlimited); calls wait for a slot"`
	TPM                int           `yaml:"tpm" doc:"tokens per minute allowed (0 = unlimited); calls wait for budget"`
	MaxInputTokens     int           `yaml:"max_input_tokens" doc:"prompt budget; longer customer text is cut keeping its start and end"`
	MaxOutputTokens    int           `yaml:"max_output_tokens" doc:"completion budget per call"`
	PriceInputPerMTok  float64       `yaml:"price_input_per_mtok" doc:"USD per million prompt tokens of the model, for cost tracking"`
	PriceOutputPerMTok float64       `yaml:"price_output_per_mtok" doc:"USD per million completion tokens of the model"`
	MinConfidence      float64       `yaml:"min_confidence" doc:"LLM answers below this confidence fall back to rules (low_confidence); 0 disables"`
	RulesFirst         bool          `yaml:"rules_first" doc:"answer with the rules, without calling the LLM, when they are confident"`
	RulesFirstMin      float64       `yaml:"rules_first_min_confidence" doc:"rules confidence needed to skip the LLM in rules_first mode"`
	CacheSize          int           `yaml:"cache_size" doc:"answers kept in the in-memory cache (0 disables caching)"`
	CacheTTL           time.Duration `yaml:"cache_ttl" doc:"how long a cached answer is served"`
	CacheBackend       string        `yaml:"cache_backend" doc:"where cached answers live: memory (per process) or redis (shared by replicas and replays, survives restarts)"`
	RedisAddr          string        `yaml:"redis_addr" doc:"Redis host:port or redis://[:password@]host:port/db URL, for llm.cache_backend redis"`
	RedisPrefix        string        `yaml:"redis_key_prefix" doc:"prefix of every cache key in Redis, so deployments can share one Redis"`
	BreakerFailures    int           `yaml:"breaker_consecutive_failures" doc:"consecutive LLM failures that open the breaker"`
	BreakerRatio       float64       `yaml:"breaker_failure_ratio" doc:"failure ratio over breaker_window that opens the breaker"`
	BreakerMinRequests int           `yaml:"breaker_min_requests" doc:"calls in the window before the ratio counts"`
	BreakerWindow      time.Duration `yaml:"breaker_window" doc:"rolling window of the failure ratio"`
	BreakerOpenFor     time.Duration `yaml:"breaker_open_timeout" doc:"how long the breaker stays open before a half-open probe"`
	BudgetUSD          float64       `yaml:"budget_usd" doc:"LLM spend allowed per budget_window in USD; over it, rules decide (budget_exceeded); 0 = no budget"`
	BudgetWindow       time.Duration `yaml:"budget_window" doc:"rolling window of budget_usd"`
}

// Enabled reports whether an LLM is configured.
func (l LLM) Enabled() bool { return l.BaseURL != "" }

// CacheError reports a bad cache backend setting, naming it: the backend
// must be memory or redis, and redis needs llm.redis_addr.
func (l LLM) CacheError() error {
	switch l.CacheBackend {
	case "", "memory":
		return nil
	case "redis":
		if l.RedisAddr == "" {
			return errors.New("llm.redis_addr: required when llm.cache_backend is redis (host:port or redis:// URL)")
		}
		return nil
	}
	return fmt.Errorf("llm.cache_backend: must be memory or redis, got %q", l.CacheBackend)
}

// Admin is the operations HTTP server.
type Admin struct {
	Addr  string `yaml:"addr" doc:"listen address of /metrics, /healthz, /readyz (all interfaces by default, as a scraper and the kubelet need); empty disables"`
	PProf bool   `yaml:"pprof" doc:"also serve /debug/pprof on the admin address"`
}

// Events shapes the published CloudEvents.
type Events struct {
	Source string `yaml:"source" doc:"CloudEvents source attribute of every published event"`
	// Mode is the output.mode: the CloudEvents Kafka content mode.
	Mode string `yaml:"mode" doc:"CloudEvents Kafka content mode: structured (value is the JSON event, no ce_ headers) or binary (value is the event's data, attributes in ce_ headers)"`
	// Validate runs the JSON-Schema validator on every event as well; the
	// typed checks hold every event to its schema anyway.
	Validate bool `yaml:"validate" doc:"also check every output event against its JSON Schema before it is published (dead-lettered as invalid_output when it fails); costs CPU, for paranoid deployments: events are held to their schemas by typed checks anyway"`
}

// Log configures structured logging.
type Log struct {
	Level  string `yaml:"level" doc:"debug, info, warn or error"`
	Format string `yaml:"format" doc:"json or text"`
	// Decision lines (debug level) carry the LLM prompt and answer.
	MaxTextBytes int  `yaml:"max_text_bytes" doc:"prompt and answer text in debug decision lines is clipped to this many bytes"`
	Redact       bool `yaml:"redact" doc:"mask emails, phone numbers, card numbers and IBANs in logged text; false logs customer text raw, with a warning at start"`
}

// Tracing configures OpenTelemetry spans (see internal/tracing). Spans are
// exported over OTLP/HTTP only; the exporter's OTEL_EXPORTER_OTLP_* variables
// set what is not here (headers, timeout, compression, certificates).
type Tracing struct {
	OTLPEndpoint string  `yaml:"otlp_endpoint" doc:"OTLP/HTTP collector to export spans to: http(s)://host:port[/path] (path default /v1/traces) or host:port; empty = no export, an input's traceparent is still carried to its outputs"`
	Insecure     bool    `yaml:"insecure" doc:"plain HTTP to a host:port otlp_endpoint (a URL's scheme decides by itself)"`
	SampleRatio  float64 `yaml:"sample_ratio" doc:"share of new traces recorded, 0..1; a record with a traceparent follows its sampled flag"`
	ServiceName  string  `yaml:"service_name" doc:"service.name of the exported spans"`
}

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		Kafka: Kafka{
			GroupID: "triage", StartOffset: "earliest", MaxInFlight: 1024, MaxBufferedBytes: 32 << 20, CheckpointLimit: 128, RevokeTimeout: 10 * time.Second,
			CommitInterval: 200 * time.Millisecond, ShutdownTimeout: 10 * time.Second,
			SessionTimeout: 10 * time.Second, RebalanceTimeout: 30 * time.Second, HeartbeatInterval: 3 * time.Second,
			BatchTimeout: 5 * time.Millisecond, StartupTimeout: 30 * time.Second,
			LagInterval: 5 * time.Second, StallTimeout: 2 * time.Minute,
		},
		Topics: Topics{
			Emails: "triage.inbound.emails", Tickets: "triage.inbound.tickets",
			Orders: "triage.emails.orders", Routed: "triage.tickets.routed", DLQ: "triage.dlq",
			Review: "triage.review", Corrections: "triage.corrections",
		},
		Limits:     Limits{MaxMessageBytes: 1 << 20, DLQInlineMaxBytes: 256 << 10},
		Processing: Processing{Timeout: 30 * time.Second},
		Tracing:    Tracing{SampleRatio: 1, ServiceName: "triage"},
		LLM: LLM{
			Model: "gpt-4o-mini", Timeout: 20 * time.Second, Concurrency: 64, MaxRetries: 2, RetryBackoff: 500 * time.Millisecond,
			MaxInputTokens: 3000, MaxOutputTokens: 512, PriceInputPerMTok: 0.15, PriceOutputPerMTok: 0.60,
			MinConfidence: 0.5, RulesFirstMin: 0.9, CacheSize: 10000, CacheTTL: 24 * time.Hour,
			CacheBackend: "memory", RedisPrefix: "triage:llm:",
			BreakerFailures: 5, BreakerRatio: 0.5, BreakerMinRequests: 20, BreakerWindow: time.Minute, BreakerOpenFor: 30 * time.Second,
			BudgetWindow: time.Hour,
		},
		Events: Events{Source: "triage", Mode: "structured"},
		Review: Review{RouteMinConfidence: 0.95, ExtractMinConfidence: 0},
		Admin:  Admin{Addr: ":9464"},
		Log:    Log{Level: "info", Format: "json", Redact: true},
	}
}
