package consumer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/triage/triage/internal/kafkaauth"
)

// NewWriter returns the producer every triage output goes through:
// acknowledged by all in-sync replicas (kafka-go's literal default is no
// acks at all), partitioned by a murmur2 hash of the key like the Java
// client (so keyed outputs land on the same partition as a Java producer
// would put them), and a short linger instead of kafka-go's 1s. BatchSize
// 128 keeps the message slice kafka-go allocates whole for every batch under
// 32 KB (TestWriterBatchStaysSmall). Records must
// carry their Topic. Writes are synchronous: WriteMessages returns once the
// broker acknowledged.
// auth secures its connections (nil: plaintext).
func NewWriter(brokers []string, batchTimeout time.Duration, auth *kafkaauth.Auth) *kafka.Writer {
	return &kafka.Writer{
		Addr:            kafka.TCP(brokers...),
		Transport:       auth.Transport(),
		Balancer:        &kafka.Murmur2Balancer{Consistent: true},
		RequiredAcks:    kafka.RequireAll,
		BatchTimeout:    batchTimeout,
		BatchSize:       128,
		MaxAttempts:     5,
		WriteBackoffMin: 50 * time.Millisecond,
		WriteBackoffMax: time.Second,
	}
}

// groupConfig is the consumer group: kafka-go's generation API, so that the
// runner sees every generation end and can drain and commit inside it.
func (r *Runner) groupConfig() kafka.ConsumerGroupConfig {
	start := kafka.FirstOffset
	if r.cfg.StartOffset == "latest" {
		start = kafka.LastOffset
	}
	log := r.cfg.Logger
	return kafka.ConsumerGroupConfig{
		ID:                    r.cfg.GroupID,
		Dialer:                r.cfg.Auth.Dialer(10 * time.Second),
		Brokers:               r.cfg.Brokers,
		Topics:                r.cfg.Topics,
		StartOffset:           start,
		SessionTimeout:        r.cfg.SessionTimeout,
		RebalanceTimeout:      r.cfg.RebalanceTimeout,
		HeartbeatInterval:     r.cfg.HeartbeatInterval,
		JoinGroupBackoff:      time.Second,
		WatchPartitionChanges: true,
		ErrorLogger: kafka.LoggerFunc(func(msg string, args ...any) {
			log.Debug("kafka-go group", "msg", fmt.Sprintf(msg, args...))
		}),
	}
}

// checkTopics is CheckTopics for the runner's topics, security and
// StartupTimeout.
func (r *Runner) checkTopics(ctx context.Context) error {
	topics := append(append(append([]string{}, r.cfg.Topics...), r.cfg.OutputTopics...), r.cfg.DLQTopic)
	_, err := CheckTopics(ctx, kafkaauth.Cluster{Brokers: r.cfg.Brokers, Auth: r.cfg.Auth}, topics, r.cfg.StartupTimeout, r.cfg.Logger)
	return err
}

// CheckTopics asks c for the metadata of topics and returns each topic's
// partition count. It fails fast, naming the topic, when one does not
// exist, and naming the setting when the connection's security is wrong (a
// wrong password or an untrusted certificate at once; a broker that only
// drops the connection after three tries). Otherwise it retries for up to
// timeout while the brokers do not answer, logging a warning at once and
// every 5 s. It blocks until then or until ctx is cancelled.
func CheckTopics(ctx context.Context, c kafkaauth.Cluster, topics []string, timeout time.Duration, log *slog.Logger) (map[string]int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := c.Client(5 * time.Second)
	backoff := newBackoff(200*time.Millisecond, 2*time.Second)
	var warned time.Time
	for suspect := 0; ; {
		resp, err := client.Metadata(ctx, &kafka.MetadataRequest{Topics: topics})
		err = c.Auth.Explain(err)
		if kafkaauth.IsSuspect(err) {
			suspect++
		} else {
			suspect = 0
		}
		if kafkaauth.IsFatal(err) || suspect >= 3 {
			return nil, fmt.Errorf("consumer: cannot connect to %v (%s): %w", c.Brokers, c.Auth, err)
		}
		if err == nil {
			parts := map[string]int{}
			var errs []error
			for _, t := range resp.Topics {
				parts[t.Name] = len(t.Partitions)
				if t.Error != nil {
					errs = append(errs, fmt.Errorf("topic %q: %w", t.Name, t.Error))
				}
			}
			if len(errs) == 0 {
				return parts, nil
			}
			err = errors.Join(errs...)
			if !errors.Is(err, kafka.LeaderNotAvailable) {
				return nil, fmt.Errorf("consumer: topics missing (create them first, see README): %w", err)
			}
		}
		if time.Since(warned) >= 5*time.Second {
			warned = time.Now()
			log.Warn("waiting for the brokers to answer", "brokers", c.Brokers, "security", c.Auth, "timeout", timeout, "err", err)
		}
		if !sleep(ctx, backoff.next()) {
			return nil, fmt.Errorf("consumer: brokers %v not ready within %s: %w", c.Brokers, timeout, err)
		}
	}
}

// backoff is capped exponential backoff with full jitter.
type backoff struct{ min, max, cur time.Duration }

func newBackoff(min, max time.Duration) *backoff { return &backoff{min: min, max: max, cur: min} }

func (b *backoff) next() time.Duration {
	d := b.cur
	b.cur = min(b.cur*2, b.max)
	return d/2 + rand.N(d/2+1)
}

func (b *backoff) reset() { b.cur = b.min }

// sleep waits d or until ctx is done; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
