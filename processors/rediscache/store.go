// Package rediscache is a processors.Store in Redis: the LLM answer cache
// shared by every replica and by "triage replay", surviving restarts. The
// in-memory store (processors.MemoryStore) stays the default.
package rediscache

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/triage/triage/processors"
)

// Options configure a Store.
type Options struct {
	// Addr is host:port, or a redis:// or rediss:// URL carrying a password
	// and database number (redis://:secret@cache:6379/2). Required.
	Addr string
	// Prefix goes before every key (default "triage:llm:"), so several
	// deployments can share one Redis.
	Prefix string
	// Timeout bounds one Redis command (default 500ms): a slow Redis costs a
	// cache miss, not a stalled decision.
	Timeout time.Duration
}

// Store implements processors.Store on Redis. It is safe for concurrent
// use. Errors are returned, never hidden; processors.Cache treats them as a
// miss, so a Redis outage costs LLM calls, not decisions.
type Store struct {
	client  *redis.Client
	prefix  string
	timeout time.Duration

	closeOnce sync.Once
	closeErr  error
}

var _ processors.Store = (*Store)(nil)

// New returns a Store for opts. It does not connect; use Ping to check the
// server at start.
func New(opts Options) (*Store, error) {
	if opts.Addr == "" {
		return nil, errors.New("rediscache: address required (llm.redis_addr: host:port or redis:// URL)")
	}
	var ro *redis.Options
	if strings.Contains(opts.Addr, "://") {
		var err error
		if ro, err = redis.ParseURL(opts.Addr); err != nil {
			return nil, fmt.Errorf("rediscache: llm.redis_addr: %w", err)
		}
	} else {
		ro = &redis.Options{Addr: opts.Addr}
	}
	if opts.Prefix == "" {
		opts.Prefix = "triage:llm:"
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 500 * time.Millisecond
	}
	ro.ReadTimeout, ro.WriteTimeout, ro.DialTimeout = opts.Timeout, opts.Timeout, 2*opts.Timeout
	return &Store{client: redis.NewClient(ro), prefix: opts.Prefix, timeout: opts.Timeout}, nil
}

// Ping checks that Redis answers within ctx.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("rediscache: %s does not answer (check llm.redis_addr and that Redis runs): %w", s.client.Options().Addr, err)
	}
	return nil
}

// Get implements processors.Store: a missing or expired key is (nil,
// false, nil).
func (s *Store) Get(ctx context.Context, key string) ([]byte, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	v, err := s.client.Get(ctx, s.prefix+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("rediscache: get: %w", err)
	}
	return v, true, nil
}

// Set implements processors.Store; ttl <= 0 keeps the entry until Redis
// evicts it (configure maxmemory-policy allkeys-lru on a dedicated Redis).
func (s *Store) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	if ttl < 0 {
		ttl = 0
	}
	if err := s.client.Set(ctx, s.prefix+key, value, ttl).Err(); err != nil {
		return fmt.Errorf("rediscache: set: %w", err)
	}
	return nil
}

// Close releases the connections. Later calls return the first call's
// result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		if err := s.client.Close(); err != nil {
			s.closeErr = fmt.Errorf("rediscache: close: %w", err)
		}
	})
	return s.closeErr
}
