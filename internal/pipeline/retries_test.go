package pipeline_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/internal/sim"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
)

// flakyLLM serves the LLM simulator answering from the rules, failing its
// first n chat requests with 500. It returns the server and the base URL.
func flakyLLM(t *testing.T, n int64) (*llmsim.Server, string) {
	t.Helper()
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	s := llmsim.New(llmsim.Config{Model: "sim-model"}, sim.RulesAnswerer(rs))
	var chats atomic.Int64
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && chats.Add(1) <= n {
			r.Header.Set(llmsim.ModeHeader, string(llmsim.ModeError))
		}
		s.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { s.Close(); hs.Close() })
	return s, hs.URL + "/v1"
}

// There is one retry policy, the LLM client's (llm.max_retries; the
// processing.retries that never took effect is gone, see
// internal/config/removed.go): an LLM failing max_retries times and then
// answering decides; one failing once more leaves the decision to the
// rules with fallback_reason upstream_error, after exactly max_retries+1
// calls and no further attempt around the cascade.
func TestLLMRetriesAreTheOnlyRetries(t *testing.T) {
	const maxRetries = 2
	for _, tc := range []struct {
		name           string
		failures       int64
		source, reason string
	}{
		{"recovers within llm.max_retries", maxRetries, "llm", ""},
		{"exhausted: rules decide", maxRetries + 1, "rules", "upstream_error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, url := flakyLLM(t, tc.failures)
			cfg := offlineConfig(url)
			cfg.LLM.CacheSize, cfg.LLM.MinConfidence = 0, 0
			cfg.LLM.MaxRetries, cfg.LLM.RetryBackoff, cfg.LLM.Timeout = maxRetries, time.Millisecond, 30*time.Second
			cfg.LLM.BreakerFailures = 100
			cfg.Processing.Timeout = 2 * time.Minute
			p, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
			if err != nil {
				t.Fatal(err)
			}
			outs, err := p.Handler.Handle(context.Background(), kafka.Message{Topic: cfg.Topics.Tickets, Value: []byte(ticket)})
			if err != nil {
				t.Fatal(err)
			}
			pv := provenanceOf(t, outs[0])
			if pv.Source != tc.source || pv.FallbackReason != tc.reason {
				t.Errorf("provenance %+v, want source %s reason %q", pv, tc.source, tc.reason)
			}
			if got := s.Stats().Requests; got != maxRetries+1 {
				t.Errorf("LLM calls %d, want %d (llm.max_retries %d, nothing retries around it)", got, maxRetries+1, maxRetries)
			}
		})
	}
}
