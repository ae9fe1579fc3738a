package consumer

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/triage/triage/internal/kafkaauth"
)

// Config is what the runner needs to know about Kafka. Zero fields take the
// defaults documented on each field (see Defaults).
type Config struct {
	Brokers []string // bootstrap brokers, host:port; required
	// Auth is the TLS and SASL of every connection the runner makes (the
	// group, fetches, the producer, probes); nil is plaintext.
	Auth    *kafkaauth.Auth
	GroupID string   // consumer group; required
	Topics  []string // input topics; required
	// OutputTopics are checked to exist at start, with Topics and DLQTopic.
	OutputTopics []string

	// MaxInFlight bounds records being handled (dispatched and not yet
	// finished, not parked: see Park) over all partitions (default 1024):
	// concurrency, and so how many records share a producer batch. Memory
	// is bounded by MaxBufferedBytes.
	MaxInFlight int
	// MaxBufferedBytes bounds the bytes of records fetched and not yet
	// finished (waiting for dispatch, being handled, waiting for their
	// outputs' acknowledgement) and of their outputs, over all partitions
	// (default 32 MiB). Each partition's fetch is at most its share of half
	// of it.
	MaxBufferedBytes int
	// CheckpointLimit bounds, per partition, records fetched and not yet
	// committed (default 128). After a crash at most CheckpointLimit
	// records of each partition the instance owned are decided again.
	CheckpointLimit int
	// RevokeTimeout is the budget, when a generation ends in a rebalance,
	// for in-flight records to finish before they are abandoned and the
	// partitions given up (default 10s). It must leave the member time to
	// rejoin: RevokeTimeout + HeartbeatInterval < RebalanceTimeout.
	RevokeTimeout time.Duration
	// CommitInterval is how often finished offsets are committed (default 200ms).
	CommitInterval time.Duration
	// ShutdownTimeout is the budget to finish in-flight records after a stop
	// request; what is unfinished then is abandoned and redelivered later
	// (default 10s).
	ShutdownTimeout time.Duration
	// StartOffset is where a new group starts: "earliest" (default) or "latest".
	StartOffset string
	// Group protocol timings (defaults 10s, 30s, 3s). Kafka refuses session
	// timeouts under its group.min.session.timeout.ms (6s by default).
	SessionTimeout    time.Duration
	RebalanceTimeout  time.Duration
	HeartbeatInterval time.Duration
	// FetchMaxBytes bounds one fetch response (default 16 MiB; each
	// partition's fetch is also bounded by its share of MaxBufferedBytes).
	// The broker answers at least one record batch however large.
	FetchMaxBytes int

	DLQTopic string // dead-letter topic (default "triage.dlq")
	// DLQInlineMaxBytes is the largest original value copied into a
	// dead-letter envelope; larger values are replaced by a pointer
	// (default 256 KiB, so the base64 envelope stays under Kafka's 1 MB).
	DLQInlineMaxBytes int

	// BatchTimeout is the producer's linger before sending a partial batch
	// (default 5ms; kafka-go's own default of 1s would add a second to every
	// synchronous write).
	BatchTimeout time.Duration
	// UnknownTopicGrace is how long a write answered "unknown topic" is
	// retried before the topic counts as deleted (default 10s): outputs are
	// then dead-lettered, and a missing dead-letter topic stops the runner.
	UnknownTopicGrace time.Duration
	// StartupTimeout bounds waiting for the brokers at start (default 30s).
	StartupTimeout time.Duration

	// LagInterval is how often this instance's lag is computed and the
	// brokers probed (default 5s; one failed probe makes Ready fail).
	// StallTimeout is how long a partition may hold fetched records without
	// a commit before Ready fails (default 2m).
	LagInterval  time.Duration
	StallTimeout time.Duration
	// Observer receives events for metrics (default: none).
	Observer Observer
	// Tracing makes a span per record (default: none; see Path.Trace).
	Tracing trace.TracerProvider

	// Version goes into dead-letter envelopes (triage_version).
	Version string
	Logger  *slog.Logger
}

// withDefaults returns c with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	if c.MaxInFlight == 0 {
		c.MaxInFlight = 1024
	}
	if c.MaxBufferedBytes == 0 {
		c.MaxBufferedBytes = 32 << 20
	}
	if c.CheckpointLimit == 0 {
		c.CheckpointLimit = 128
	}
	def(&c.RevokeTimeout, 10*time.Second)
	def(&c.CommitInterval, 200*time.Millisecond)
	def(&c.ShutdownTimeout, 10*time.Second)
	def(&c.SessionTimeout, 10*time.Second)
	def(&c.RebalanceTimeout, 30*time.Second)
	def(&c.HeartbeatInterval, 3*time.Second)
	def(&c.BatchTimeout, 5*time.Millisecond)
	def(&c.StartupTimeout, 30*time.Second)
	def(&c.UnknownTopicGrace, 10*time.Second)
	def(&c.LagInterval, 5*time.Second)
	def(&c.StallTimeout, 2*time.Minute)
	if c.Observer == nil {
		c.Observer = NopObserver{}
	}
	if c.StartOffset == "" {
		c.StartOffset = "earliest"
	}
	if c.FetchMaxBytes == 0 {
		c.FetchMaxBytes = 16 << 20
	}
	if c.DLQTopic == "" {
		c.DLQTopic = "triage.dlq"
	}
	if c.DLQInlineMaxBytes == 0 {
		c.DLQInlineMaxBytes = 256 << 10
	}
	if c.Version == "" {
		c.Version = "dev"
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// validate reports every problem with c (after defaults), naming the field.
func (c Config) validate() error {
	var errs []error
	if len(c.Brokers) == 0 {
		errs = append(errs, errors.New("brokers: at least one broker is required"))
	}
	if c.GroupID == "" {
		errs = append(errs, errors.New("group_id: required"))
	}
	if len(c.Topics) == 0 {
		errs = append(errs, errors.New("topics: at least one input topic is required"))
	}
	if c.MaxInFlight < 1 {
		errs = append(errs, fmt.Errorf("max_in_flight: must be >= 1, got %d", c.MaxInFlight))
	}
	if c.MaxBufferedBytes < 1 {
		errs = append(errs, fmt.Errorf("max_buffered_bytes: must be >= 1, got %d", c.MaxBufferedBytes))
	}
	if c.CheckpointLimit < 1 {
		errs = append(errs, fmt.Errorf("checkpoint_limit: must be >= 1, got %d", c.CheckpointLimit))
	}
	if c.RevokeTimeout+c.HeartbeatInterval >= c.RebalanceTimeout {
		errs = append(errs, fmt.Errorf("revoke_timeout: %s plus heartbeat_interval %s must stay below rebalance_timeout %s, or the group evicts the member while it drains", c.RevokeTimeout, c.HeartbeatInterval, c.RebalanceTimeout))
	}
	if c.StartOffset != "earliest" && c.StartOffset != "latest" {
		errs = append(errs, fmt.Errorf("start_offset: must be earliest or latest, got %q", c.StartOffset))
	}
	if c.SessionTimeout < 6*time.Second {
		errs = append(errs, fmt.Errorf("session_timeout: Kafka refuses less than 6s, got %s", c.SessionTimeout))
	}
	if c.HeartbeatInterval >= c.SessionTimeout {
		errs = append(errs, fmt.Errorf("heartbeat_interval: must be below session_timeout (%s), got %s", c.SessionTimeout, c.HeartbeatInterval))
	}
	if c.DLQInlineMaxBytes < 0 || c.DLQInlineMaxBytes > 700<<10 {
		errs = append(errs, fmt.Errorf("dlq_inline_max_bytes: must be within 0..716800 so the envelope fits a 1 MB record, got %d", c.DLQInlineMaxBytes))
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"commit_interval", c.CommitInterval}, {"shutdown_timeout", c.ShutdownTimeout}, {"revoke_timeout", c.RevokeTimeout}, {"batch_timeout", c.BatchTimeout}, {"startup_timeout", c.StartupTimeout}} {
		if d.v < 0 {
			errs = append(errs, fmt.Errorf("%s: must not be negative, got %s", d.name, d.v))
		}
	}
	return errors.Join(errs...)
}
