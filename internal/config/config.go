// Package config is triage's configuration: one plain struct with defaults,
// read from a strict YAML file (unknown keys fail), then overridden by
// TRIAGE_* environment variables, then by command-line flags, then
// validated. Every setting is documented once, in its `doc` tag; the README
// table and the flag help are generated from it (triage config doc).
package config

import (
	"time"
)

// Config is the whole configuration of the service.
type Config struct {
	Kafka      Kafka      `yaml:"kafka"`
	Topics     Topics     `yaml:"topics"`
	Limits     Limits     `yaml:"limits"`
	Processing Processing `yaml:"processing"`
	Rules      Rules      `yaml:"rules"`
	Events     Events     `yaml:"events"`
	Log        Log        `yaml:"log"`
}

// Kafka is how to reach the brokers and behave in the consumer group.
type Kafka struct {
	Brokers           []string      `yaml:"brokers" doc:"bootstrap brokers, host:port, comma-separated in env and flags (required)"`
	GroupID           string        `yaml:"group_id" doc:"consumer group id; instances with the same id share the partitions"`
	StartOffset       string        `yaml:"start_offset" doc:"where a new group starts: earliest or latest"`
	MaxInFlight       int           `yaml:"max_in_flight" doc:"records fetched and not yet finished, over all partitions; bounds duplicates after a crash"`
	CommitInterval    time.Duration `yaml:"commit_interval" doc:"how often finished offsets are committed"`
	ShutdownTimeout   time.Duration `yaml:"shutdown_timeout" doc:"budget to finish in-flight records on SIGINT/SIGTERM; the rest is redelivered later"`
	SessionTimeout    time.Duration `yaml:"session_timeout" doc:"group session timeout (Kafka refuses < 6s)"`
	RebalanceTimeout  time.Duration `yaml:"rebalance_timeout" doc:"how long the group waits for members to rejoin in a rebalance"`
	HeartbeatInterval time.Duration `yaml:"heartbeat_interval" doc:"group heartbeat interval, below session_timeout"`
	BatchTimeout      time.Duration `yaml:"batch_timeout" doc:"producer linger before sending a partial batch"`
	StartupTimeout    time.Duration `yaml:"startup_timeout" doc:"how long to wait for the brokers at start"`
}

// Topics names every topic. An empty input topic disables that input.
type Topics struct {
	Emails  string `yaml:"emails" doc:"input topic of email events (order extraction); empty disables"`
	Tickets string `yaml:"tickets" doc:"input topic of ticket events (routing); empty disables"`
	Orders  string `yaml:"orders" doc:"output topic of triage.email.order_extracted.v1 events"`
	Routed  string `yaml:"routed" doc:"output topic of triage.ticket.routed.v1 events"`
	DLQ     string `yaml:"dlq" doc:"dead-letter topic"`
}

// Limits bound what one record may cost.
type Limits struct {
	MaxMessageBytes   int `yaml:"max_message_bytes" doc:"input values larger than this are dead-lettered as too_large"`
	DLQInlineMaxBytes int `yaml:"dlq_inline_max_bytes" doc:"largest original value copied into a dead letter; larger ones become a pointer"`
}

// Processing governs one decision.
type Processing struct {
	Timeout      time.Duration `yaml:"timeout" doc:"time limit of one processor attempt"`
	Retries      int           `yaml:"retries" doc:"retries of a retryable processor error before dead-lettering"`
	RetryBackoff time.Duration `yaml:"retry_backoff" doc:"first retry delay, doubled per retry with jitter"`
}

// Rules locates the rule-based engine's rules.
type Rules struct {
	File string `yaml:"file" doc:"rules YAML file; empty uses the embedded default"`
}

// Events shapes the published CloudEvents.
type Events struct {
	Source string `yaml:"source" doc:"CloudEvents source attribute of every published event"`
}

// Log configures structured logging.
type Log struct {
	Level  string `yaml:"level" doc:"debug, info, warn or error"`
	Format string `yaml:"format" doc:"json or text"`
}

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		Kafka: Kafka{
			GroupID: "triage", StartOffset: "earliest", MaxInFlight: 64,
			CommitInterval: 200 * time.Millisecond, ShutdownTimeout: 10 * time.Second,
			SessionTimeout: 10 * time.Second, RebalanceTimeout: 10 * time.Second, HeartbeatInterval: 3 * time.Second,
			BatchTimeout: 5 * time.Millisecond, StartupTimeout: 30 * time.Second,
		},
		Topics: Topics{
			Emails: "triage.inbound.emails", Tickets: "triage.inbound.tickets",
			Orders: "triage.emails.orders", Routed: "triage.tickets.routed", DLQ: "triage.dlq",
		},
		Limits:     Limits{MaxMessageBytes: 1 << 20, DLQInlineMaxBytes: 256 << 10},
		Processing: Processing{Timeout: 30 * time.Second, Retries: 3, RetryBackoff: 200 * time.Millisecond},
		Events:     Events{Source: "triage"},
		Log:        Log{Level: "info", Format: "json"},
	}
}
