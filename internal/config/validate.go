package config

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"
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
	if c.Kafka.SessionTimeout < 6*time.Second {
		bad("kafka.session_timeout", "Kafka refuses less than 6s, got %s", c.Kafka.SessionTimeout)
	}
	if c.Kafka.HeartbeatInterval <= 0 || c.Kafka.HeartbeatInterval >= c.Kafka.SessionTimeout {
		bad("kafka.heartbeat_interval", "must be positive and below kafka.session_timeout (%s), got %s", c.Kafka.SessionTimeout, c.Kafka.HeartbeatInterval)
	}
	positive := []struct {
		key string
		d   time.Duration
	}{
		{"kafka.commit_interval", c.Kafka.CommitInterval}, {"kafka.shutdown_timeout", c.Kafka.ShutdownTimeout},
		{"kafka.rebalance_timeout", c.Kafka.RebalanceTimeout}, {"kafka.batch_timeout", c.Kafka.BatchTimeout},
		{"kafka.startup_timeout", c.Kafka.StartupTimeout}, {"processing.timeout", c.Processing.Timeout},
		{"processing.retry_backoff", c.Processing.RetryBackoff},
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
	for _, t := range []struct{ key, name string }{{"topics.emails", c.Topics.Emails}, {"topics.tickets", c.Topics.Tickets}, {"topics.orders", c.Topics.Orders}, {"topics.routed", c.Topics.Routed}, {"topics.dlq", c.Topics.DLQ}} {
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
	if c.Processing.Retries < 0 || c.Processing.Retries > 20 {
		bad("processing.retries", "must be within 0..20, got %d", c.Processing.Retries)
	}
	if c.Events.Source == "" {
		bad("events.source", "required (CloudEvents source)")
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
