package pipeline_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/schemas"
)

const ticket = `{"ticket_id":"T-9","subject":"Charged twice for my subscription","body":"My card was charged twice this month, please refund the duplicate payment.","channel":"web","customer":{"id":"C-9"},"created_at":"2026-11-27T10:00:00Z"}`

// cascade builds the real pipeline handler against a fake LLM with cfg
// and returns a function deciding one ticket (no broker needed).
func cascade(t *testing.T, simCfg llmsim.Config, mod func(*config.LLM)) (decide func() (processors.Provenance, error), s *llmsim.Server) {
	t.Helper()
	if simCfg.RetryAfter == 0 {
		simCfg.RetryAfter = time.Second
	}
	s, url := fakeLLM(t, simCfg)
	cfg := offlineConfig(url)
	cfg.LLM.CacheSize = 0
	// Timeouts only a hang reaches (a loaded machine must not turn a healthy
	// answer into a timeout); the hang case shortens the LLM's.
	cfg.LLM.MaxRetries, cfg.LLM.RetryBackoff, cfg.LLM.Timeout = 1, 10*time.Millisecond, 30*time.Second
	cfg.LLM.MinConfidence = 0.5
	cfg.Processing.Timeout = 2 * time.Minute
	if mod != nil {
		mod(&cfg.LLM)
	}
	p, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	sch, _ := schemas.Load()
	return func() (processors.Provenance, error) {
		outs, err := p.Handler.Handle(context.Background(), kafka.Message{Topic: cfg.Topics.Tickets, Value: []byte(ticket)})
		if err != nil {
			return processors.Provenance{}, err
		}
		if err := sch.ValidateJSON(schemas.TicketRouted, outs[0].Value); err != nil {
			t.Fatalf("invalid event: %v", err)
		}
		return provenanceOf(t, outs[0]), nil
	}, s
}

// Each failure of the fake server shows up as the right fallback reason on
// the published event, which stays valid.
func TestCascadeFallbackReasonPerFailureMode(t *testing.T) {
	tests := []struct {
		name   string
		cfg    llmsim.Config
		source string
		reason string
		calls  int64 // HTTP calls for one decision
	}{
		{"healthy", llmsim.Config{}, "llm", "", 1},
		{"5xx", llmsim.Config{ErrorRate: 1}, "rules", "upstream_error", 2},
		{"429 with Retry-After", llmsim.Config{RateLimitRate: 1, RetryAfter: 50 * time.Millisecond}, "rules", "rate_limited", 2},
		{"hang", llmsim.Config{HangRate: 1}, "rules", "timeout", 2},
		{"malformed JSON", llmsim.Config{MalformedRate: 1}, "rules", "invalid_output", 1},
		{"off-schema answer", llmsim.Config{OffSchemaRate: 1}, "rules", "invalid_output", 1},
		{"hostile answer", llmsim.Config{HostileRate: 1}, "rules", "invalid_output", 1},
		{"low confidence", llmsim.Config{LowConfidenceRate: 1}, "rules", "low_confidence", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			decide, s := cascade(t, tt.cfg, func(l *config.LLM) {
				if tt.cfg.HangRate > 0 {
					l.Timeout = 300 * time.Millisecond
				}
			})
			pv, err := decide()
			if err != nil {
				t.Fatal(err)
			}
			if pv.Source != tt.source || pv.FallbackReason != tt.reason {
				t.Fatalf("provenance %+v, want %s/%s", pv, tt.source, tt.reason)
			}
			if pv.Model != "sim-model" || !strings.HasPrefix(pv.PromptVersion, "route-v2-") {
				t.Errorf("model/prompt not recorded: %+v", pv)
			}
			// A hang's short timeout can expire before a loaded machine
			// delivers the call, so the server may count fewer.
			if got := s.Stats().Requests; got != tt.calls && (tt.cfg.HangRate == 0 || got > tt.calls) {
				t.Errorf("HTTP calls %d, want %d", got, tt.calls)
			}
		})
	}
}

func TestCascadeRetryAfterIsHonoured(t *testing.T) {
	decide, s := cascade(t, llmsim.Config{RateLimitRate: 1, RetryAfter: 400 * time.Millisecond}, nil)
	start := time.Now()
	pv, _ := decide()
	if el := time.Since(start); el < 400*time.Millisecond || pv.FallbackReason != "rate_limited" || s.Stats().Requests != 2 {
		t.Fatalf("took %s (Retry-After 400ms), reason %q, calls %d", el, pv.FallbackReason, s.Stats().Requests)
	}
}

// The breaker opens after consecutive failures (a 1h open timeout, so a
// slow machine cannot reach it mid-test), probes after its open timeout
// and closes again when the LLM is back. The breaker reads the wall clock,
// so the probe is awaited by polling; decisions while it is still open
// cost no call.
func TestCascadeBreakerOpensAndRecovers(t *testing.T) {
	trip := func(openFor time.Duration) (func() (processors.Provenance, error), *llmsim.Server, []string) {
		decide, s := cascade(t, llmsim.Config{ErrorRate: 1}, func(l *config.LLM) {
			l.BreakerFailures, l.BreakerOpenFor, l.MaxRetries = 2, openFor, 0
		})
		var reasons []string
		for i := 0; i < 2; i++ {
			pv, _ := decide()
			reasons = append(reasons, pv.FallbackReason)
		}
		return decide, s, reasons
	}
	t.Run("opens", func(t *testing.T) {
		decide, _, reasons := trip(time.Hour)
		for i := 0; i < 2; i++ {
			pv, _ := decide()
			reasons = append(reasons, pv.FallbackReason)
		}
		if strings.Join(reasons, ",") != "upstream_error,upstream_error,breaker_open,breaker_open" {
			t.Fatalf("reasons %v", reasons)
		}
	})
	t.Run("recovers", func(t *testing.T) {
		decide, s, reasons := trip(20 * time.Millisecond)
		if strings.Join(reasons, ",") != "upstream_error,upstream_error" {
			t.Fatalf("reasons %v", reasons)
		}
		s.SetConfig(func() llmsim.Config { c := s.Config(); c.ErrorRate = 0; return c }())
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			pv, _ := decide()
			if pv.Source == "llm" {
				break
			}
			if pv.FallbackReason != "breaker_open" || time.Now().After(deadline) {
				t.Fatalf("waiting for the probe: %+v", pv)
			}
		}
		for i := 0; i < 3; i++ {
			if pv, _ := decide(); pv.Source != "llm" {
				t.Fatalf("after recovery decision %d: %+v", i, pv)
			}
		}
	})
}

// With rules_first, confident rules answer alone and cost no call.
func TestCascadeRulesFirst(t *testing.T) {
	decide, s := cascade(t, llmsim.Config{}, func(l *config.LLM) { l.RulesFirst, l.RulesFirstMin = true, 0.5 })
	pv, _ := decide()
	if pv.Source != "rules" || pv.FallbackReason != "" || s.Stats().Requests != 0 {
		t.Fatalf("provenance %+v, calls %d", pv, s.Stats().Requests)
	}
}
