package demo

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/internal/sim"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
)

// llmDrill is the demo's simulated LLM: healthy first, then an outage.
// A nil *llmDrill means no LLM; its methods are then no-ops.
type llmDrill struct {
	srv   *llmsim.Server
	stop  func()
	mu    sync.Mutex
	trips []string
}

func startDrill(cfg *config.Config, log *slog.Logger) (*llmDrill, error) {
	rs, err := rules.Default()
	if err != nil {
		return nil, err
	}
	sc := llmsim.DefaultConfig()
	sc.Model = "llmsim-demo"
	sc.Latency = llmsim.Dist{Min: 5 * time.Millisecond, Median: 20 * time.Millisecond, P99: 80 * time.Millisecond}
	srv, url, stop, err := llmsim.Start(sc, sim.RulesAnswerer(rs))
	if err != nil {
		return nil, fmt.Errorf("demo: start simulated LLM: %w", err)
	}
	l := &cfg.LLM
	l.BaseURL, l.Model, l.APIKey = url, sc.Model, "sk-demo-not-a-secret"
	l.MaxRetries, l.RetryBackoff, l.Timeout = 1, 20*time.Millisecond, 2*time.Second
	l.MinConfidence, l.CacheSize = 0.3, 0 // no cache: the second wave must reach the LLM
	l.BreakerFailures, l.BreakerOpenFor = 3, time.Hour
	cfg.Kafka.MaxInFlight = 4
	return &llmDrill{srv: srv, stop: stop}, nil
}

func (d *llmDrill) hooks() pipeline.Hooks {
	if d == nil {
		return pipeline.Hooks{}
	}
	return pipeline.Hooks{OnBreakerState: func(name, from, to string) {
		if from == "" {
			return // the initial closed state, not a transition
		}
		d.mu.Lock()
		d.trips = append(d.trips, fmt.Sprintf("%s %s→%s", name, from, to))
		d.mu.Unlock()
	}}
}

// outage makes every further LLM call fail with a 503.
func (d *llmDrill) outage(w io.Writer) {
	c := d.srv.Config()
	c.ErrorRate = 1
	d.srv.SetConfig(c)
	fmt.Fprintf(w, "\n== SIMULATED LLM OUTAGE: every call now fails with 503; watch the breaker open and the rules take over\n")
}

func (d *llmDrill) summary(w io.Writer, s Summary) {
	if d == nil {
		return
	}
	st := d.srv.Stats()
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(w, "  breaker          %s\n", strings.Join(d.trips, "; "))
	fmt.Fprintf(w, "  LLM calls        %d (ok %d, 5xx %d)\n", st.Requests, st.OK, st.ServerErrors)
	decided := 0
	for _, n := range s.BySource {
		decided += n
	}
	if decided > 0 {
		fmt.Fprintf(w, "  cost             %d tokens, $%.4f in all; per 1,000 messages %.0f tokens, $%.4f (simulated prices)\n",
			s.Tokens, s.CostUSD, 1000*float64(s.Tokens)/float64(decided), 1000*s.CostUSD/float64(decided))
	}
}
