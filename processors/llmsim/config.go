package llmsim

import (
	"errors"
	"fmt"
	"time"
)

// Config is how the simulator behaves. The zero Config answers every valid
// request honestly, at once, for any model and without an API key.
//
// Rates are fractions in [0,1] of chat requests that get each mode; the rest
// get ModeOK. New and SetConfig clamp rates into [0,1]; when they sum past 1
// the modes later in the order error, ratelimit, hang, malformed, offschema,
// hostile, lowconf get less than their share. Validate reports both.
type Config struct {
	// Model, when set, is the only model accepted (others get 404
	// model_not_found, as from the real API) and the one GET /models lists.
	// Empty accepts any model and lists "llmsim".
	Model string
	// APIKey, when set, must arrive as "Authorization: Bearer <APIKey>";
	// otherwise the request gets 401 invalid_api_key.
	APIKey string
	// Latency is added before every answer and simulated 5xx (not before
	// 429s, hangs or rejected requests).
	Latency Dist

	ErrorRate     float64 // simulated 500 server_error
	RateLimitRate float64 // 429 rate_limit_exceeded with Retry-After
	// RetryAfter is announced by 429s: Retry-After in whole seconds (rounded
	// up) and retry-after-ms in milliseconds.
	RetryAfter        time.Duration
	HangRate          float64 // hold the request until the client gives up
	MalformedRate     float64 // content that is not valid JSON
	OffSchemaRate     float64 // valid JSON that breaks the schema
	HostileRate       float64 // JSON echoing injected instructions, extra keys or huge strings
	LowConfidenceRate float64 // the honest answer with confidence 0.2

	// Seed selects the random streams (see the package doc, Determinism).
	Seed int64
}

// DefaultConfig is a plausible healthy upstream for the llm-sim command: a
// few hundred milliseconds of latency, Retry-After 1s, no faults.
func DefaultConfig() Config {
	return Config{
		Latency:    Dist{Min: 50 * time.Millisecond, Median: 300 * time.Millisecond, P99: 2 * time.Second},
		RetryAfter: time.Second,
		Seed:       1,
	}
}

// Validate reports rates outside [0,1] or summing past 1, a negative
// RetryAfter and an invalid Latency.
func (c Config) Validate() error {
	var errs []error
	sum := 0.0
	for _, r := range c.rates() {
		if r.rate < 0 || r.rate > 1 {
			errs = append(errs, fmt.Errorf("%s rate %v outside [0,1]", r.mode, r.rate))
		}
		sum += r.rate
	}
	if sum > 1+1e-9 {
		errs = append(errs, fmt.Errorf("fault rates sum to %v, more than 1", sum))
	}
	if c.RetryAfter < 0 {
		errs = append(errs, fmt.Errorf("retry-after %v is negative", c.RetryAfter))
	}
	if err := c.Latency.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

type modeRate struct {
	mode Mode
	rate float64
}

// rates lists the fault modes in draw order with their configured rates.
func (c Config) rates() []modeRate {
	return []modeRate{
		{ModeError, c.ErrorRate},
		{ModeRateLimit, c.RateLimitRate},
		{ModeHang, c.HangRate},
		{ModeMalformed, c.MalformedRate},
		{ModeOffSchema, c.OffSchemaRate},
		{ModeHostile, c.HostileRate},
		{ModeLowConf, c.LowConfidenceRate},
	}
}

// draw maps a uniform u in [0,1) to a mode: consecutive intervals of width
// rate (clamped into [0,1]) in the order of rates, ModeOK for the rest.
func (c Config) draw(u float64) Mode {
	for _, r := range c.rates() {
		w := min(max(r.rate, 0), 1)
		if u < w {
			return r.mode
		}
		u -= w
	}
	return ModeOK
}
