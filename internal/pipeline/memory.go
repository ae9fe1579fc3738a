package pipeline

import (
	"runtime/debug"

	"github.com/triage/triage/internal/config"
)

// llmCallBytes is the memory one LLM call in progress holds (request and
// answer bodies, the HTTP connection's buffers, the goroutine's stack): at
// llm.concurrency 256 the heap needs about 90 MiB more than the records
// held (triage bench, BENCHMARKS.md).
const llmCallBytes = 512 << 10

// MemoryLimit is the soft limit of the Go runtime's memory that cfg asks
// for (limits.memory_bytes, or when that is 0, 3 x kafka.max_buffered_bytes
// + 16 MiB, plus llm.concurrency x 512 KiB with an LLM configured): room
// for the records held, their outputs, the copies made while deciding and
// the LLM calls in progress, so that RSS stays near the budget whatever
// the records' sizes, and the collector does not run all the time when
// many LLM calls are in progress (at concurrency 256 without the LLM's
// share the pipeline spent half again as much CPU per record).
func MemoryLimit(cfg config.Config) int64 {
	if m := cfg.Limits.MemoryBytes; m > 0 {
		return int64(m)
	}
	n := 3*int64(cfg.Kafka.MaxBufferedBytes) + 16<<20
	if cfg.LLM.Enabled() {
		n += int64(cfg.LLM.Concurrency) * llmCallBytes
	}
	return n
}

// SetMemoryLimit sets the process's soft memory limit to MemoryLimit(cfg)
// and returns it, unless the GOMEMLIMIT environment variable is set
// (lookup finds it): the runtime already applies that one, and SetMemoryLimit
// returns 0. It changes process-wide state: call it once, from main.
func SetMemoryLimit(cfg config.Config, lookup func(string) (string, bool)) int64 {
	if _, set := lookup("GOMEMLIMIT"); set {
		return 0
	}
	n := MemoryLimit(cfg)
	debug.SetMemoryLimit(n)
	return n
}
