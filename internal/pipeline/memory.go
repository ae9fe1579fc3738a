package pipeline

import (
	"runtime/debug"

	"github.com/triage/triage/internal/config"
)

// MemoryLimit is the soft limit of the Go runtime's memory that cfg asks
// for (limits.memory_bytes, or when that is 0, 3 x kafka.max_buffered_bytes
// + 16 MiB): room for the records held, their outputs and the copies made
// while deciding, so that RSS stays near the budget whatever the records'
// sizes.
func MemoryLimit(cfg config.Config) int64 {
	if m := cfg.Limits.MemoryBytes; m > 0 {
		return int64(m)
	}
	return 3*int64(cfg.Kafka.MaxBufferedBytes) + 16<<20
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
