package llmsim

import "flag"

// Flags registers the simulator's settings on fs, writing into c; the current
// values of c are the defaults (start from DefaultConfig for the command).
// Call c.Validate after fs.Parse.
//
// Flags: --model, --api-key, --latency (ParseDist syntax), --error-rate,
// --ratelimit-rate, --retry-after, --hang-rate, --malformed-rate,
// --offschema-rate, --hostile-rate, --lowconf-rate, --seed.
func (c *Config) Flags(fs *flag.FlagSet) {
	fs.StringVar(&c.Model, "model", c.Model, "the only model accepted and listed (empty: any model)")
	fs.StringVar(&c.APIKey, "api-key", c.APIKey, "require Authorization: Bearer <key> (empty: no auth)")
	fs.Var(&c.Latency, "latency", `latency distribution, e.g. "min=1ms,median=300ms,p99=2s", "300ms" or "none"`)
	fs.Float64Var(&c.ErrorRate, "error-rate", c.ErrorRate, "fraction of requests answered 500 server_error")
	fs.Float64Var(&c.RateLimitRate, "ratelimit-rate", c.RateLimitRate, "fraction of requests answered 429 rate_limit_exceeded")
	fs.DurationVar(&c.RetryAfter, "retry-after", c.RetryAfter, "Retry-After announced by 429 answers")
	fs.Float64Var(&c.HangRate, "hang-rate", c.HangRate, "fraction of requests held until the client gives up")
	fs.Float64Var(&c.MalformedRate, "malformed-rate", c.MalformedRate, "fraction of answers whose content is not valid JSON")
	fs.Float64Var(&c.OffSchemaRate, "offschema-rate", c.OffSchemaRate, "fraction of answers that are valid JSON breaking the schema")
	fs.Float64Var(&c.HostileRate, "hostile-rate", c.HostileRate, "fraction of answers echoing injected instructions, extra keys or huge strings")
	fs.Float64Var(&c.LowConfidenceRate, "lowconf-rate", c.LowConfidenceRate, "fraction of honest answers sent with confidence 0.2")
	fs.Int64Var(&c.Seed, "seed", c.Seed, "seed of the random draws (same seed, same sequence)")
}
