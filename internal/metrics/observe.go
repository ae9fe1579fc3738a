package metrics

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors/llm"
)

// Consumer returns the consumer.Observer feeding these metrics.
func (m *Metrics) Consumer() consumer.Observer { return consumerObserver{m} }

type consumerObserver struct{ m *Metrics }

func (o consumerObserver) Consumed(msg kafka.Message, inFlight int) {
	o.m.consumed.WithLabelValues(msg.Topic).Inc()
	o.m.inFlight.Set(float64(inFlight))
}

func (o consumerObserver) Finished(msg kafka.Message, out consumer.Outcome, reason failure.Reason, e2e time.Duration, inFlight int) {
	o.m.processed.WithLabelValues(msg.Topic, o.m.topicProcessor[msg.Topic], string(out)).Inc()
	if out == consumer.DeadLettered {
		o.m.deadLetters.WithLabelValues(msg.Topic, string(reason)).Inc()
	}
	if out != consumer.Abandoned && e2e > 0 {
		o.m.e2e.WithLabelValues(msg.Topic).Observe(e2e.Seconds())
	}
	o.m.inFlight.Set(float64(inFlight))
}

func (o consumerObserver) Committed(err error) {
	if err != nil {
		o.m.commitErrors.Inc()
		return
	}
	o.m.commits.Inc()
}

func (o consumerObserver) Lag(topic string, partition int, lag int64) {
	o.m.lag.WithLabelValues(topic, strconv.Itoa(partition)).Set(float64(lag))
}

func (o consumerObserver) Released(topic string, partition int) {
	o.m.lag.DeleteLabelValues(topic, strconv.Itoa(partition))
	o.m.stalled.DeleteLabelValues(topic, strconv.Itoa(partition))
}

func (o consumerObserver) Stalled(topic string, partition int, stalled bool) {
	v := 0.0
	if stalled {
		v = 1
	}
	o.m.stalled.WithLabelValues(topic, strconv.Itoa(partition)).Set(v)
}

func (o consumerObserver) PublishError(topic string, fatal bool) {
	kind := "retriable"
	if fatal {
		kind = "fatal"
	}
	o.m.publishErrors.WithLabelValues(topic, kind).Inc()
}

// Decision counts one decision; an empty reason is "none".
func (m *Metrics) Decision(processor, source, reason string) {
	if reason == "" {
		reason = "none"
	}
	m.decisions.WithLabelValues(processor, source, reason).Inc()
}

var breakerValue = map[string]float64{"closed": 0, "half-open": 1, "open": 2}

// BreakerState records the state of breaker "processor/model". An empty
// from is the initial state (exported so alerts see the series from the
// start) and is not counted as a transition.
func (m *Metrics) BreakerState(name, from, to string) {
	processor, model, _ := strings.Cut(name, "/")
	m.breakerState.WithLabelValues(processor, model).Set(breakerValue[to])
	if from != "" {
		m.breakerTransitions.WithLabelValues(processor, model, to).Inc()
	}
}

// Cache counts one answer-cache lookup by result: hit, miss or invalid (a
// stored answer that failed re-validation, then decided as a miss).
func (m *Metrics) Cache(processor, result string) {
	m.cache.WithLabelValues(processor, result).Inc()
}

// CacheError counts one failed answer-cache store operation (get or set).
func (m *Metrics) CacheError(processor, op string) {
	m.cacheErrors.WithLabelValues(processor, op).Inc()
}

// LLMCall records one completion: status, latency, retries, limiter wait,
// tokens and cost. Cancelled calls (shutdown) are not counted as requests.
func (m *Metrics) LLMCall(processor, model string, resp llm.Response, err error) {
	if resp.Model != "" {
		model = resp.Model
	}
	m.llmWait.WithLabelValues(processor, model).Add(resp.LimiterWait.Seconds())
	if resp.PromptTokens+resp.CompletionTokens > 0 {
		m.llmTokens.WithLabelValues(model, "prompt").Add(float64(resp.PromptTokens))
		m.llmTokens.WithLabelValues(model, "completion").Add(float64(resp.CompletionTokens))
		m.llmCost.WithLabelValues(model).Add(resp.CostUSD)
	}
	if resp.Attempts == 0 || errors.Is(err, context.Canceled) {
		return // nothing was sent (local limit) or we are shutting down
	}
	m.llmRequests.WithLabelValues(processor, model, Status(err)).Inc()
	m.llmDuration.WithLabelValues(processor, model).Observe(resp.Latency.Seconds())
	if resp.Attempts > 1 {
		m.llmRetries.WithLabelValues(processor, model).Add(float64(resp.Attempts - 1))
	}
}

// Status is the bounded status label of an LLM call's outcome.
func Status(err error) string {
	var le *llm.Error
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, llm.ErrBadAnswer):
		return "invalid"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.As(err, &le) && le.StatusCode == 429:
		return "429"
	case errors.As(err, &le) && le.StatusCode >= 500:
		return "5xx"
	case errors.As(err, &le) && le.StatusCode >= 400:
		return "4xx"
	default:
		return "network"
	}
}

// Budget exports the rolling budget window.
func (m *Metrics) Budget(spent, limit float64) {
	m.budgetSpend.Set(spent)
	m.budgetLimit.Set(limit)
}

// Review counts a decision sent to review for reason.
func (m *Metrics) Review(processor, reason string) {
	m.reviews.WithLabelValues(processor, reason).Inc()
}

// ModelAgreement counts an LLM decision the routing model agreed or
// disagreed with.
func (m *Metrics) ModelAgreement(processor string, agree bool) {
	a := "disagree"
	if agree {
		a = "agree"
	}
	m.agreement.WithLabelValues(processor, a).Inc()
}
