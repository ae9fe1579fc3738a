package bench

import (
	"math"
	"slices"
	"syscall"
	"time"
)

// Percentile returns the q-quantile (0..1) of ds by the nearest-rank
// method: the smallest value with at least q of the samples at or below
// it. ds need not be sorted (a sorted copy is used); 0 when empty.
func Percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := int(math.Ceil(q * float64(len(s))))
	return s[min(max(rank, 1), len(s))-1]
}

// Bound is the Little's-law ceiling of the LLM path in records per second:
// min(concurrency ÷ latency, rpm ÷ 60), rpm 0 meaning unlimited.
func Bound(concurrency int, latency time.Duration, rpm int) float64 {
	b := float64(concurrency) / latency.Seconds()
	if rpm > 0 {
		b = min(b, float64(rpm)/60)
	}
	return b
}

// Usage is what the kernel counts for this process so far.
type Usage struct {
	CPU    time.Duration // user + system, all threads
	MaxRSS int64         // ru_maxrss: peak resident set, bytes; in a child, at least its parent's at the fork (see Memory)
}

// ReadUsage reads getrusage(RUSAGE_SELF).
func ReadUsage() Usage {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	tv := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return Usage{CPU: tv(ru.Utime) + tv(ru.Stime), MaxRSS: int64(ru.Maxrss) << 10} // Linux: kilobytes
}
