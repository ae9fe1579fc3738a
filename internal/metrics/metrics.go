// Package metrics defines every Prometheus metric triage exports (the
// README's table is the contract; labels are bounded: no ids, no free text)
// and adapts them to the observation hooks of consumer, pipeline and the
// LLM engine.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// LatencyBuckets are the upper bounds, in seconds, of
// triage_e2e_latency_seconds: 1 ms steps up to 3 ms and no step wider than
// half its bound up to 10 ms, where the rules path's added latency lies
// (p50 7 ms, p99 9-10 ms), so its quantiles are not interpolated across a
// 10 ms first bucket; then up to a backlog's minutes.
var LatencyBuckets = []float64{.001, .002, .003, .005, .0075, .01, .015, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300}

// llmBuckets bound triage_llm_request_duration_seconds: from a local
// model's few milliseconds to a hosted one's retries.
var llmBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2, 4, 8, 16, 32}

// Metrics is the service's registry and collectors. Safe for concurrent use.
type Metrics struct {
	Registry *prometheus.Registry

	consumed, processed, deadLetters   *prometheus.CounterVec
	decisions                          *prometheus.CounterVec
	breakerState                       *prometheus.GaugeVec
	breakerTransitions                 *prometheus.CounterVec
	llmRequests, llmRetries, llmWait   *prometheus.CounterVec
	llmDuration                        *prometheus.HistogramVec
	llmTokens, llmCost                 *prometheus.CounterVec
	budgetSpend, budgetLimit, inFlight prometheus.Gauge
	cache, cacheErrors                 *prometheus.CounterVec
	lag, stalled                       *prometheus.GaugeVec
	publishErrors                      *prometheus.CounterVec
	e2e                                *prometheus.HistogramVec
	commits, commitErrors              prometheus.Counter
	buildInfo                          *prometheus.GaugeVec
	reviews, agreement                 *prometheus.CounterVec
	topicProcessor                     map[string]string
}

// New registers every metric on a fresh registry, with Go and process
// collectors. topicProcessor names the processor of each input topic.
func New(topicProcessor map[string]string) *Metrics {
	r := prometheus.NewRegistry()
	r.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	f := func(c prometheus.Collector) { r.MustRegister(c) }
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
		f(c)
		return c
	}
	gauge := func(name, help string) prometheus.Gauge {
		g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
		f(g)
		return g
	}
	m := &Metrics{Registry: r, topicProcessor: topicProcessor}
	m.consumed = counter("triage_messages_consumed_total", "Records fetched from input topics.", "topic")
	m.processed = counter("triage_messages_processed_total", "Records finished, by outcome (published, dead_lettered, abandoned).", "topic", "processor", "outcome")
	m.deadLetters = counter("triage_dead_letters_total", "Records sent to the dead-letter topic, by reason.", "topic", "reason")
	m.decisions = counter("triage_decisions_total", "Decisions by the engine that answered and why it fell back (none when it did not).", "processor", "source", "fallback_reason")
	m.breakerState = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "triage_breaker_state", Help: "Circuit breaker state: 0 closed, 1 half-open, 2 open."}, []string{"processor", "model"})
	f(m.breakerState)
	m.breakerTransitions = counter("triage_breaker_transitions_total", "Circuit breaker state changes, by new state.", "processor", "model", "to")
	m.llmRequests = counter("triage_llm_requests_total", "LLM calls (one per completion, retries included) by outcome: ok, 4xx, 429, 5xx, timeout, network, invalid.", "processor", "model", "status")
	m.llmDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "triage_llm_request_duration_seconds", Help: "LLM call latency, retries and limiter waits included.",
		Buckets: llmBuckets}, []string{"processor", "model"})
	f(m.llmDuration)
	m.llmRetries = counter("triage_llm_retries_total", "HTTP retries of LLM calls.", "processor", "model")
	m.llmWait = counter("triage_llm_ratelimit_wait_seconds_total", "Time spent waiting for the local RPM/TPM limiter.", "processor", "model")
	m.llmTokens = counter("triage_llm_tokens_total", "LLM tokens, by kind (prompt, completion).", "model", "kind")
	m.llmCost = counter("triage_llm_cost_usd_total", "LLM spend in USD from the configured prices.", "model")
	m.budgetSpend = gauge("triage_llm_budget_window_spend_usd", "LLM spend inside the rolling budget window.")
	m.budgetLimit = gauge("triage_llm_budget_limit_usd", "Configured LLM budget for the window (0 = none).")
	m.cache = counter("triage_cache_requests_total", "Answer cache lookups, by result (hit, miss, invalid: a stored answer that failed re-validation, decided as a miss).", "processor", "result")
	m.cacheErrors = counter("triage_cache_errors_total", "Failed answer cache store operations (get, set); the decision goes on without the cache.", "processor", "op")
	m.lag = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "triage_consumer_lag", Help: "End offset minus the group's committed offset, for the partitions this instance owns."}, []string{"topic", "partition"})
	f(m.lag)
	m.stalled = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "triage_partition_stalled", Help: "1 while a partition this instance owns holds fetched records without a commit for longer than kafka.stall_timeout."}, []string{"topic", "partition"})
	f(m.stalled)
	m.publishErrors = counter("triage_publish_errors_total", "Failed writes to output or dead-letter topics, by kind: retriable (retried with backoff) or fatal (dead-lettered, or the instance stops).", "topic", "kind")
	m.inFlight = gauge("triage_in_flight", "Records fetched and not yet finished.")
	m.e2e = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "triage_e2e_latency_seconds", Help: "From the input record's timestamp to its output acknowledged by the broker.",
		Buckets: LatencyBuckets}, []string{"topic"})
	f(m.e2e)
	m.commits = prometheus.NewCounter(prometheus.CounterOpts{Name: "triage_commits_total", Help: "Successful offset commits."})
	m.commitErrors = prometheus.NewCounter(prometheus.CounterOpts{Name: "triage_commit_errors_total", Help: "Failed offset commits (retried)."})
	f(m.commits)
	f(m.commitErrors)
	m.reviews = counter("triage_review_required_total", "Decisions published with data.review (a review task on topics.review), by reason; a decision with two reasons counts in both.", "processor", "reason")
	m.agreement = counter("triage_model_agreement_total", "Decisions the LLM answered, by whether the routing model (rules.model) would have chosen the same queue (agree, disagree).", "processor", "agreement")
	m.buildInfo = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "triage_build_info", Help: "Always 1; the labels say which build runs (see triage version)."}, []string{"version", "revision", "goversion"})
	f(m.buildInfo)
	return m
}

// Build sets triage_build_info{version,revision,goversion} to 1, replacing
// any earlier series, so exactly one is exported.
func (m *Metrics) Build(version, revision, goVersion string) {
	m.buildInfo.Reset()
	m.buildInfo.WithLabelValues(version, revision, goVersion).Set(1)
}
