package llmsim

import "testing"

func TestConfigDraw(t *testing.T) {
	c := Config{ErrorRate: 0.1, RateLimitRate: 0.2, LowConfidenceRate: 0.1}
	tests := []struct {
		u    float64
		want Mode
	}{
		{0, ModeError},
		{0.099, ModeError},
		{0.1, ModeRateLimit},
		{0.29, ModeRateLimit},
		{0.31, ModeLowConf},
		{0.39, ModeLowConf},
		{0.4, ModeOK},
		{0.999, ModeOK},
	}
	for _, tt := range tests {
		t.Run(string(tt.want), func(t *testing.T) {
			if got := c.draw(tt.u); got != tt.want {
				t.Errorf("draw(%v) = %q, want %q", tt.u, got, tt.want)
			}
		})
	}
	t.Run("clamped", func(t *testing.T) {
		c := Config{ErrorRate: -1, HangRate: 2}
		if got := c.draw(0.5); got != ModeHang {
			t.Errorf("draw = %q, want hang", got)
		}
	})
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		c       Config
		wantErr bool
	}{
		{name: "zero", c: Config{}},
		{name: "default", c: DefaultConfig()},
		{name: "all faults", c: Config{ErrorRate: 0.5, HostileRate: 0.5}},
		{name: "rate above 1", c: Config{ErrorRate: 1.5}, wantErr: true},
		{name: "negative rate", c: Config{HangRate: -0.1}, wantErr: true},
		{name: "sum above 1", c: Config{ErrorRate: 0.6, MalformedRate: 0.6}, wantErr: true},
		{name: "negative retry-after", c: Config{RetryAfter: -1}, wantErr: true},
		{name: "bad latency", c: Config{Latency: Dist{Median: 2, P99: 1}}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.c.Validate(); (err != nil) != tt.wantErr {
				t.Errorf("Validate() = %v, wantErr %v", err, tt.wantErr)
			}
		})
	}
}
