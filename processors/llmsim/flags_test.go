package llmsim

import (
	"flag"
	"io"
	"testing"
	"time"
)

func TestConfigFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		check   func(Config) bool
		wantErr bool
	}{
		{name: "defaults kept", args: nil, check: func(c Config) bool { return c == DefaultConfig() }},
		{
			name: "all set",
			args: []string{
				"--model=m1", "--api-key=k", "--latency=min=1ms,median=2ms,p99=10ms",
				"--error-rate=0.1", "--ratelimit-rate=0.05", "--retry-after=3s", "--hang-rate=0.01",
				"--malformed-rate=0.02", "--offschema-rate=0.03", "--hostile-rate=0.04",
				"--lowconf-rate=0.06", "--seed=42",
			},
			check: func(c Config) bool {
				return c == Config{
					Model: "m1", APIKey: "k",
					Latency:   Dist{Min: time.Millisecond, Median: 2 * time.Millisecond, P99: 10 * time.Millisecond},
					ErrorRate: 0.1, RateLimitRate: 0.05, RetryAfter: 3 * time.Second, HangRate: 0.01,
					MalformedRate: 0.02, OffSchemaRate: 0.03, HostileRate: 0.04, LowConfidenceRate: 0.06,
					Seed: 42,
				}
			},
		},
		{name: "bad latency", args: []string{"--latency=median=fast"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			fs := flag.NewFlagSet("llm-sim", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			c.Flags(fs)
			err := fs.Parse(tt.args)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Parse error = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && !tt.check(c) {
				t.Errorf("config = %+v", c)
			}
		})
	}
}
