package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	"github.com/triage/triage/internal/kafkaauth"
	"github.com/triage/triage/processors/llm"
)

// Validate reports every problem at once, each naming its setting.
func (c Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{key}, args...)...))
	}
	if len(c.Kafka.Brokers) == 0 {
		bad("kafka.brokers", "required (file, TRIAGE_KAFKA_BROKERS or --kafka.brokers)")
	}
	for _, b := range c.Kafka.Brokers {
		if host, port, err := net.SplitHostPort(b); err != nil || host == "" || !validPort(port) {
			bad("kafka.brokers", "%q is not host:port", b)
		}
	}
	if c.Kafka.GroupID == "" {
		bad("kafka.group_id", "required")
	}
	if c.Kafka.StartOffset != "earliest" && c.Kafka.StartOffset != "latest" {
		bad("kafka.start_offset", "must be earliest or latest, got %q", c.Kafka.StartOffset)
	}
	if c.Kafka.MaxInFlight < 1 || c.Kafka.MaxInFlight > 100000 {
		bad("kafka.max_in_flight", "must be within 1..100000, got %d", c.Kafka.MaxInFlight)
	}
	if c.Kafka.MaxBufferedBytes < 1<<20 {
		bad("kafka.max_buffered_bytes", "must be at least 1048576 (1 MiB), got %d", c.Kafka.MaxBufferedBytes)
	}
	if c.Kafka.CheckpointLimit < 1 || c.Kafka.CheckpointLimit > 1000000 {
		bad("kafka.checkpoint_limit", "must be within 1..1000000, got %d", c.Kafka.CheckpointLimit)
	}
	if c.Kafka.RevokeTimeout+c.Kafka.HeartbeatInterval >= c.Kafka.RebalanceTimeout {
		bad("kafka.revoke_timeout", "%s plus kafka.heartbeat_interval %s must stay below kafka.rebalance_timeout %s, or the group evicts the member while it drains", c.Kafka.RevokeTimeout, c.Kafka.HeartbeatInterval, c.Kafka.RebalanceTimeout)
	}
	if c.Kafka.SessionTimeout < 6*time.Second {
		bad("kafka.session_timeout", "Kafka refuses less than 6s, got %s", c.Kafka.SessionTimeout)
	}
	if c.Kafka.HeartbeatInterval <= 0 || c.Kafka.HeartbeatInterval >= c.Kafka.SessionTimeout {
		bad("kafka.heartbeat_interval", "must be positive and below kafka.session_timeout (%s), got %s", c.Kafka.SessionTimeout, c.Kafka.HeartbeatInterval)
	}
	// Load the certificates and the password now, so that "config check"
	// fails where "run" would.
	if _, err := kafkaauth.New(c.Kafka.Security()); err != nil {
		errs = append(errs, err)
	}
	positive := []struct {
		key string
		d   time.Duration
	}{
		{"kafka.commit_interval", c.Kafka.CommitInterval}, {"kafka.shutdown_timeout", c.Kafka.ShutdownTimeout}, {"kafka.revoke_timeout", c.Kafka.RevokeTimeout},
		{"kafka.rebalance_timeout", c.Kafka.RebalanceTimeout}, {"kafka.batch_timeout", c.Kafka.BatchTimeout},
		{"kafka.startup_timeout", c.Kafka.StartupTimeout}, {"processing.timeout", c.Processing.Timeout},
		{"kafka.lag_interval", c.Kafka.LagInterval}, {"kafka.stall_timeout", c.Kafka.StallTimeout},
	}
	for _, p := range positive {
		if p.d <= 0 {
			bad(p.key, "must be a positive duration, got %s", p.d)
		}
	}
	if c.Topics.Emails == "" && c.Topics.Tickets == "" {
		bad("topics", "at least one of topics.emails and topics.tickets is required")
	}
	if c.Topics.Emails != "" && c.Topics.Orders == "" {
		bad("topics.orders", "required when topics.emails is set")
	}
	if c.Topics.Tickets != "" && c.Topics.Routed == "" {
		bad("topics.routed", "required when topics.tickets is set")
	}
	if c.Topics.DLQ == "" {
		bad("topics.dlq", "required: bad input must go somewhere")
	}
	seen := map[string]string{}
	topics := []struct{ key, name string }{{"topics.emails", c.Topics.Emails}, {"topics.tickets", c.Topics.Tickets}, {"topics.orders", c.Topics.Orders}, {"topics.routed", c.Topics.Routed}, {"topics.dlq", c.Topics.DLQ}}
	if c.Review.Enabled {
		topics = append(topics, struct{ key, name string }{"topics.review", c.Topics.Review}, struct{ key, name string }{"topics.corrections", c.Topics.Corrections})
	}
	for _, t := range topics {
		if t.name == "" {
			continue
		}
		if prev, dup := seen[t.name]; dup {
			bad(t.key, "topic %q is also %s; inputs, outputs and the DLQ must differ", t.name, prev)
		}
		seen[t.name] = t.key
	}
	if c.Limits.MaxMessageBytes < 1024 {
		bad("limits.max_message_bytes", "must be at least 1024, got %d", c.Limits.MaxMessageBytes)
	}
	if c.Limits.DLQInlineMaxBytes < 0 || c.Limits.DLQInlineMaxBytes > 700<<10 {
		bad("limits.dlq_inline_max_bytes", "must be within 0..716800 so a base64 envelope fits Kafka's 1 MB default, got %d", c.Limits.DLQInlineMaxBytes)
	}
	if m, floor := c.Limits.MemoryBytes, 2*c.Kafka.MaxBufferedBytes+16<<20; m != 0 && m < floor {
		bad("limits.memory_bytes", "must be 0 or at least 2 x kafka.max_buffered_bytes + 16 MiB (%d), or the collector runs without end; got %d", floor, m)
	}
	errs = append(errs, c.LLM.validate()...)
	errs = append(errs, c.validateReview()...)
	errs = append(errs, c.Tracing.validate()...)
	errs = append(errs, c.Rules.validateCatalog()...)
	if m := c.Rules.OrderModel; m != "" && m != "builtin" && m != "none" {
		bad("rules.order_model", "must be builtin, none or empty, got %q", m)
	}
	if err := c.LLM.CacheError(); err != nil {
		errs = append(errs, err)
	}
	if c.Events.Source == "" {
		bad("events.source", "required (CloudEvents source)")
	}
	if c.Events.Mode != "structured" && c.Events.Mode != "binary" {
		bad("events.mode", "must be structured or binary, got %q", c.Events.Mode)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "must be debug, info, warn or error, got %q", c.Log.Level)
	}
	if c.Log.Format != "json" && c.Log.Format != "text" {
		bad("log.format", "must be json or text, got %q", c.Log.Format)
	}
	return errors.Join(errs...)
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n > 0 && n < 65536
}

func (l LLM) validate() []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("llm.%s: "+format, append([]any{key}, args...)...))
	}
	if !l.Enabled() {
		return nil
	}
	if u, err := url.Parse(l.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("base_url", "%q is not an http(s) URL", l.BaseURL)
	}
	if l.APIKey != "" && l.APIKeyFile != "" {
		bad("api_key_file", "set either llm.api_key or llm.api_key_file, not both")
	} else if l.APIKeyFile != "" {
		// Read it now, so that "config check" fails where "run" would.
		if _, err := llm.APIKeyFromEnvOrFile("", l.APIKeyFile); err != nil {
			bad("api_key_file", "%v", err)
		}
	}
	if l.Model == "" {
		bad("model", "required when llm.base_url is set")
	}
	if l.Timeout <= 0 || l.RetryBackoff <= 0 || l.BreakerWindow <= 0 || l.BreakerOpenFor <= 0 || l.BudgetWindow <= 0 {
		bad("timeout", "llm.timeout, retry_backoff, breaker_window, breaker_open_timeout and budget_window must be positive")
	}
	if l.Concurrency < 1 || l.Concurrency > 10000 {
		bad("concurrency", "must be within 1..10000, got %d", l.Concurrency)
	}
	if l.MaxRetries < 0 || l.MaxRetries > 10 {
		bad("max_retries", "must be within 0..10, got %d", l.MaxRetries)
	}
	if l.RPM < 0 || l.TPM < 0 || l.CacheSize < 0 {
		bad("rpm", "llm.rpm, tpm and cache_size must not be negative")
	}
	if l.MaxInputTokens < 200 || l.MaxOutputTokens < 16 {
		bad("max_input_tokens", "need at least 200 input and 16 output tokens, got %d and %d", l.MaxInputTokens, l.MaxOutputTokens)
	}
	if l.PriceInputPerMTok < 0 || l.PriceOutputPerMTok < 0 || l.BudgetUSD < 0 {
		bad("price_input_per_mtok", "prices must not be negative")
	}
	for _, p := range []struct {
		key string
		v   float64
	}{{"min_confidence", l.MinConfidence}, {"rules_first_min_confidence", l.RulesFirstMin}, {"breaker_failure_ratio", l.BreakerRatio}} {
		if p.v < 0 || p.v > 1 {
			bad(p.key, "must be within 0..1, got %g", p.v)
		}
	}
	if l.BreakerFailures < 1 || l.BreakerMinRequests < 1 {
		bad("breaker_consecutive_failures", "breaker_consecutive_failures and breaker_min_requests must be >= 1")
	}
	return errs
}
