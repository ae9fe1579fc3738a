package pipeline

import (
	"math"
	"runtime/debug"
	"testing"

	"github.com/triage/triage/internal/config"
)

func TestMemoryLimit(t *testing.T) {
	cfg := config.Default()
	if got, want := MemoryLimit(cfg), int64(3*(32<<20)+16<<20); got != want {
		t.Errorf("default: %d, want %d (3 x max_buffered_bytes + 16 MiB)", got, want)
	}
	cfg.LLM.BaseURL, cfg.LLM.Model, cfg.LLM.Concurrency = "http://127.0.0.1:1/v1", "m", 256
	if got, want := MemoryLimit(cfg), int64(3*(32<<20)+16<<20+256*512<<10); got != want {
		t.Errorf("with an LLM at concurrency 256: %d, want %d (+ 512 KiB a call)", got, want)
	}
	cfg.Limits.MemoryBytes = 200 << 20
	if got := MemoryLimit(cfg); got != 200<<20 {
		t.Errorf("limits.memory_bytes 200 MiB: got %d", got)
	}
}

// TestSetMemoryLimitLeavesGOMEMLIMIT: the setting is applied to the
// runtime, except when GOMEMLIMIT is set, which the runtime applies itself.
func TestSetMemoryLimitLeavesGOMEMLIMIT(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1)) // restore the test process's limit
	cfg := config.Default()
	noEnv := func(string) (string, bool) { return "", false }
	if n := SetMemoryLimit(cfg, noEnv); n != MemoryLimit(cfg) || debug.SetMemoryLimit(-1) != n {
		t.Fatalf("set %d, runtime limit %d, want %d", n, debug.SetMemoryLimit(-1), MemoryLimit(cfg))
	}
	debug.SetMemoryLimit(math.MaxInt64)
	withEnv := func(k string) (string, bool) { return "1GiB", k == "GOMEMLIMIT" }
	if n := SetMemoryLimit(cfg, withEnv); n != 0 || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Fatalf("with GOMEMLIMIT set: returned %d, runtime limit %d; want both untouched", n, debug.SetMemoryLimit(-1))
	}
}
