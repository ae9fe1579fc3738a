package pipeline_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/pipeline"
)

func redisConfig(addr string) config.Config {
	cfg := config.Default()
	cfg.Kafka.Brokers = []string{"127.0.0.1:1"}
	cfg.LLM.CacheBackend, cfg.LLM.RedisAddr = "redis", addr
	cfg.Events.Validate = true
	return cfg
}

// A Redis answer cache that does not answer fails the start, naming its
// address (issue 9: Redis was never pinged).
func TestBuildFailsWhenRedisDoesNotAnswer(t *testing.T) {
	mr := miniredis.RunT(t)
	addr := mr.Addr()
	mr.Close()
	_, err := pipeline.Build(redisConfig(addr), slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
	if err == nil || !strings.Contains(err.Error(), addr) || !strings.Contains(err.Error(), "llm.redis_addr") {
		t.Fatalf("Build = %v, want an error naming %s and llm.redis_addr", err, addr)
	}
}

// Close releases the Redis connections (issue 9: never closed) and may be
// called again.
func TestPipelineCloseReleasesRedis(t *testing.T) {
	mr := miniredis.RunT(t)
	p, err := pipeline.Build(redisConfig(mr.Addr()), slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if mr.CurrentConnectionCount() == 0 {
		t.Fatal("Build did not connect to Redis")
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	for deadline := time.Now().Add(30 * time.Second); mr.CurrentConnectionCount() > 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d Redis connections open after Close", mr.CurrentConnectionCount())
		}
	}
}
