package pipeline

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/rediscache"
)

// pingTimeout bounds the check that Redis answers at start.
const pingTimeout = 5 * time.Second

// answerStore is the LLM answer cache the configuration asks for: Redis
// (shared by replicas and replays; pinged here, so a wrong address fails the
// start naming it), in memory, or none (nil). The closer releases the
// store's connections; it is nil when there is nothing to release.
func answerStore(cfg config.LLM) (processors.Store, io.Closer, error) {
	switch {
	case cfg.CacheBackend == "redis":
		rc, err := rediscache.New(rediscache.Options{Addr: cfg.RedisAddr, Prefix: cfg.RedisPrefix})
		if err != nil {
			return nil, nil, fmt.Errorf("pipeline: llm.cache_backend redis: %w", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), pingTimeout)
		defer cancel()
		if err := rc.Ping(ctx); err != nil {
			_ = rc.Close()
			return nil, nil, fmt.Errorf("pipeline: llm.cache_backend redis: %w", err)
		}
		return rc, rc, nil
	case cfg.CacheSize > 0:
		return processors.NewMemoryStore(cfg.CacheSize), nil, nil
	}
	return nil, nil, nil
}

// cache is the answer-cache middleware of one processor. Its keys are the
// engine's contract (prompt, model, answer schema, queues) plus the rules
// version; a hit is re-validated by the engine like a fresh answer; lookups
// and store errors go to the hooks, and store errors to the log.
func (e *engines) cache(name string, eng llmEngine, store processors.Store) processors.Middleware {
	contract := append(eng.CacheContract(), "rules="+e.rulesVersion(name))
	errLog := newStoreErrorLog(e.log, time.Minute)
	return processors.Cache(store, processors.CacheOptions{
		TTL:   e.cfg.CacheTTL,
		Key:   func(in processors.Input) string { return processors.CacheKey(name, contract, in) },
		Check: eng.Recheck,
		OnResult: func(result string) {
			if e.hooks.OnCache != nil {
				e.hooks.OnCache(name, result)
			}
		},
		OnError: func(op string, err error) {
			if e.hooks.OnCacheError != nil {
				e.hooks.OnCacheError(name, op)
			}
			errLog.report(name, op, err)
		},
	})
}

// storeErrorLog logs answer-cache store errors without a line per record:
// the first error of a processor and operation at once, then at most one
// line per interval, saying how many were not logged in between.
type storeErrorLog struct {
	log      *slog.Logger
	interval time.Duration
	now      func() time.Time

	mu     sync.Mutex
	last   map[string]time.Time
	unseen map[string]int
}

func newStoreErrorLog(log *slog.Logger, interval time.Duration) *storeErrorLog {
	return &storeErrorLog{log: log, interval: interval, now: time.Now, last: map[string]time.Time{}, unseen: map[string]int{}}
}

func (l *storeErrorLog) report(processor, op string, err error) {
	k := processor + "/" + op
	l.mu.Lock()
	now := l.now()
	if last, ok := l.last[k]; ok && now.Sub(last) < l.interval {
		l.unseen[k]++
		l.mu.Unlock()
		return
	}
	l.last[k] = now
	unseen := l.unseen[k]
	l.unseen[k] = 0
	l.mu.Unlock()
	l.log.Warn("answer cache store failed; deciding without the cache", "processor", processor, "op", op, "err", err,
		"not_logged_since_last", unseen, "log_interval", l.interval.String())
}
