package pipeline_test

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/schemas"
)

// startSim runs the fake LLM answering from the default rules and points
// w's configuration at it.
func startSim(t *testing.T, w *world, cfg llmsim.Config) *llmsim.Server {
	t.Helper()
	if cfg.Latency == (llmsim.Dist{}) {
		cfg.Latency = llmsim.Dist{Min: time.Millisecond, Median: 2 * time.Millisecond, P99: 10 * time.Millisecond}
	}
	cfg.RetryAfter = 100 * time.Millisecond
	s, url := fakeLLM(t, cfg)
	l := &w.cfg.LLM
	l.BaseURL, l.Model, l.APIKey = url, "sim-model", "sk-test-not-a-secret"
	// A timeout only a hang reaches: the tests count llm answers exactly, and
	// a loaded machine must not turn one into a timeout fallback.
	l.MaxRetries, l.RetryBackoff, l.Timeout = 1, 20*time.Millisecond, 30*time.Second
	l.MinConfidence = 0
	return s
}

// decided reads the routed and orders topics and returns every event.
type event struct {
	pipeline.CloudEvent
	Data struct {
		Decision   json.RawMessage       `json:"decision"`
		Provenance processors.Provenance `json:"provenance"`
	} `json:"data"`
	raw kafka.Message
}

func events(t *testing.T, w *world) []event {
	t.Helper()
	var out []event
	sch, _ := schemas.Load()
	for topic, schema := range map[string]string{w.cfg.Topics.Routed: schemas.TicketRouted, w.cfg.Topics.Orders: schemas.EmailOrder} {
		for _, m := range w.b.ReadAll(t, topic) {
			if err := sch.ValidateJSON(schema, m.Value); err != nil {
				t.Errorf("published event breaks %s: %v\n%s", schema, err, m.Value)
			}
			var ev event
			if err := json.Unmarshal(m.Value, &ev); err != nil {
				t.Fatal(err)
			}
			ev.raw = m
			out = append(out, ev)
		}
	}
	return out
}

func countBy(evs []event, f func(event) string) map[string]int {
	m := map[string]int{}
	for _, e := range evs {
		m[f(e)]++
	}
	return m
}

func key(e event) string {
	return e.Data.Provenance.Source + "/" + e.Data.Provenance.FallbackReason
}

// The LLM answers; then an outage: the first failures fall back with
// upstream_error, the breaker opens and the rest fall back with
// breaker_open, costing no further calls; the state changes are reported.
func TestIntegrationLLMAnswersThenOutageTripsBreaker(t *testing.T) {
	w := newWorld(t, 2)
	s := startSim(t, w, llmsim.Config{})
	w.cfg.LLM.CacheSize = 0
	w.cfg.LLM.BreakerFailures, w.cfg.LLM.BreakerOpenFor = 3, time.Hour
	w.cfg.Kafka.MaxInFlight = 1 // one at a time, so the trip point is exact
	var mu sync.Mutex
	var states []string
	hooks := pipeline.Hooks{OnBreakerState: func(name, from, to string) {
		if from != "" { // not the initial state
			mu.Lock()
			states = append(states, name+":"+to)
			mu.Unlock()
		}
	}}

	ss := w.publishSamples(t)
	good := int64(0)
	for _, x := range ss {
		if x.WantReason == "" {
			good++
		}
	}
	w.runUntilHooks(t, int64(len(ss)), hooks)
	first := events(t, w)
	if n := countBy(first, key)["llm/"]; int64(n) != good {
		t.Fatalf("wave 1: %v, want all %d from the llm", countBy(first, key), good)
	}
	calls := s.Stats().Requests

	s.SetConfig(func() llmsim.Config { c := s.Config(); c.ErrorRate = 1; return c }())
	w.cfg.Kafka.GroupID += "-outage"
	w.runUntilHooks(t, int64(len(ss)), hooks)
	all := events(t, w)
	second := countBy(all, key)
	delete(second, "llm/")
	t.Logf("wave 2: %v; LLM calls %d then %d; breaker %v", second, calls, s.Stats().Requests, states)
	// One breaker per processor (route, extract), each opening after 3.
	if second["rules/upstream_error"] != 6 || int64(second["rules/breaker_open"]) != good-6 {
		t.Errorf("wave 2 reasons %v: want 2x3 upstream_error then breaker_open", second)
	}
	// 2 breakers x 3 failing calls, each tried twice (one retry), then none.
	if got := s.Stats().Requests - calls; got != 12 {
		t.Errorf("LLM calls during the outage = %d, want 12", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(states) != 2 || !strings.HasSuffix(states[0], ":open") {
		t.Errorf("breaker transitions %v, want route and extract opening", states)
	}
}

// Whatever the model returns (malformed, off-schema, hostile), no event
// carries a value outside its schema: every such answer becomes a rules
// decision with fallback_reason invalid_output.
func TestIntegrationLLMHostileAnswersNeverPublished(t *testing.T) {
	w := newWorld(t, 2)
	startSim(t, w, llmsim.Config{MalformedRate: 0.34, OffSchemaRate: 0.33, HostileRate: 0.33})
	w.cfg.LLM.CacheSize = 0
	w.cfg.LLM.BreakerFailures, w.cfg.LLM.BreakerMinRequests = 1000, 1000
	ss := w.publishSamples(t)
	w.runUntil(t, int64(len(ss)))
	evs := events(t, w)
	queues := []string{"billing", "technical", "account", "shipping", "returns", "sales", "other"}
	for _, e := range evs {
		if key(e) != "rules/invalid_output" {
			t.Errorf("event %s decided by %s: a bad answer got through: %s", e.ID, key(e), e.Data.Decision)
		}
		if e.Type == pipeline.TypeRouted {
			var r processors.Route
			_ = json.Unmarshal(e.Data.Decision, &r)
			if !slices.Contains(queues, r.Queue) {
				t.Errorf("queue %q outside the configured set", r.Queue)
			}
		}
	}
	if len(evs) == 0 {
		t.Fatal("no events")
	}
}

// Duplicates and replays of the same input with an unchanged prompt and
// model are served from the cache: no LLM call, source cache.
func TestIntegrationLLMCacheDuplicatesCostNoCall(t *testing.T) {
	w := newWorld(t, 2)
	s := startSim(t, w, llmsim.Config{})
	w.cfg.LLM.CacheSize = 1000
	w.cfg.Kafka.MaxInFlight = 1 // originals finish before their copies
	ss := w.publishSamples(t)
	w.publishSamples(t) // the same records again, later offsets
	w.runUntil(t, int64(2*len(ss)))
	good := 0
	for _, x := range ss {
		if x.WantReason == "" {
			good++
		}
	}
	got := countBy(events(t, w), key)
	if got["llm/"] != good || got["cache/"] != good || s.Stats().Requests != int64(good) {
		t.Fatalf("events %v, LLM calls %d; want %d llm, %d cache, %d calls", got, s.Stats().Requests, good, good, good)
	}
}
