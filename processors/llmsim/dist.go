package llmsim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// Dist is a latency distribution: log-normal, fitted so that half of the
// draws fall below Median and 99% below P99, then clamped below at Min.
//
//   - the zero Dist adds no latency;
//   - Median 0: every draw is Min;
//   - P99 <= Median (or P99 0): every draw is max(Median, Min);
//   - draws are capped at 10×P99 so that a freak draw cannot stall a run.
//
// *Dist is a flag.Value in the syntax of ParseDist.
type Dist struct {
	Min, Median, P99 time.Duration
}

// z99 is the 99th percentile of the standard normal distribution.
const z99 = 2.3263478740408408

// Sample draws one latency from r.
func (d Dist) Sample(r *rand.Rand) time.Duration {
	if d.Median <= 0 {
		return max(d.Min, 0)
	}
	if d.P99 <= d.Median {
		return max(d.Median, d.Min)
	}
	sigma := math.Log(float64(d.P99)/float64(d.Median)) / z99
	v := float64(d.Median) * math.Exp(sigma*r.NormFloat64())
	v = min(v, 10*float64(d.P99))
	return max(time.Duration(v), d.Min)
}

// Validate reports a negative duration, Min above a set Median, or a set P99
// below Median.
func (d Dist) Validate() error {
	switch {
	case d.Min < 0 || d.Median < 0 || d.P99 < 0:
		return fmt.Errorf("latency %s: durations must not be negative", d)
	case d.Median > 0 && d.Min > d.Median:
		return fmt.Errorf("latency %s: min above median", d)
	case d.P99 > 0 && d.P99 < d.Median:
		return fmt.Errorf("latency %s: p99 below median", d)
	}
	return nil
}

// String renders d in the syntax ParseDist reads back.
func (d Dist) String() string {
	return fmt.Sprintf("min=%s,median=%s,p99=%s", d.Min, d.Median, d.P99)
}

// Set parses s with ParseDist into d (flag.Value).
func (d *Dist) Set(s string) error {
	v, err := ParseDist(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// ParseDist reads a latency distribution such as "min=1ms,median=300ms,p99=2s".
// Keys are min, median and p99, each at most once, in any order; missing keys
// are 0. A bare duration ("300ms") is a constant latency; "", "0" and "none"
// are no latency. The result passes Dist.Validate.
func ParseDist(s string) (Dist, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "0", "none":
		return Dist{}, nil
	}
	if !strings.Contains(s, "=") {
		v, err := time.ParseDuration(s)
		if err != nil {
			return Dist{}, fmt.Errorf("latency %q: %w", s, err)
		}
		d := Dist{Median: v}
		return d, d.Validate()
	}
	var d Dist
	seen := map[string]bool{}
	for part := range strings.SplitSeq(s, ",") {
		key, val, ok := strings.Cut(part, "=")
		key = strings.ToLower(strings.TrimSpace(key))
		if !ok {
			return Dist{}, fmt.Errorf("latency %q: %q is not key=duration", s, part)
		}
		if seen[key] {
			return Dist{}, fmt.Errorf("latency %q: %s given twice", s, key)
		}
		seen[key] = true
		v, err := time.ParseDuration(strings.TrimSpace(val))
		if err != nil {
			return Dist{}, fmt.Errorf("latency %q: %s: %w", s, key, err)
		}
		switch key {
		case "min":
			d.Min = v
		case "median":
			d.Median = v
		case "p99":
			d.P99 = v
		default:
			return Dist{}, fmt.Errorf("latency %q: unknown key %q (want min, median, p99)", s, key)
		}
	}
	return d, d.Validate()
}
