package llm

import (
	"bytes"
	"log/slog"
	"math"
	"strings"
	"testing"
)

func TestPricerCost(t *testing.T) {
	prices := map[string]Price{
		"gpt-4o-mini":            {InputPerMTok: 0.15, OutputPerMTok: 0.60},
		"gpt-4o-mini-2024-07-18": {InputPerMTok: 0.10, OutputPerMTok: 0.50},
	}
	for _, tc := range []struct {
		name, model, fallback string
		in, out               int
		want                  float64
	}{
		{"exact model", "gpt-4o-mini-2024-07-18", "gpt-4o-mini", 1_000_000, 1_000_000, 0.60},
		{"falls back to the configured model", "gpt-4o-mini-2099", "gpt-4o-mini", 1000, 200, (1000*0.15 + 200*0.60) / 1e6},
		{"unknown", "llama", "llama", 1000, 200, 0},
		{"no usage", "gpt-4o-mini", "gpt-4o-mini", 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &pricer{prices: prices, fallback: tc.fallback}
			if got := p.cost(tc.model, tc.in, tc.out); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("cost = %g, want %g", got, tc.want)
			}
		})
	}
}

func TestPricerWarnsOncePerUnknownModel(t *testing.T) {
	var buf bytes.Buffer
	p := &pricer{fallback: "mystery", log: slog.New(slog.NewTextHandler(&buf, nil))}
	for range 3 {
		p.cost("mystery", 10, 10)
	}
	p.cost("other", 10, 10)
	if n := strings.Count(buf.String(), "no price for model"); n != 2 {
		t.Errorf("%d warnings, want one per unknown model (2):\n%s", n, buf.String())
	}
	(&pricer{}).cost("x", 1, 1) // no logger: no panic
}
