package metrics

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors/llm"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{nil, "ok"},
		{fmt.Errorf("x: %w", &llm.Error{StatusCode: 429}), "429"},
		{&llm.Error{StatusCode: 503}, "5xx"},
		{&llm.Error{StatusCode: 401}, "4xx"},
		{fmt.Errorf("call: %w", context.DeadlineExceeded), "timeout"},
		{fmt.Errorf("answer: %w", llm.ErrBadAnswer), "invalid"},
		{errors.New("connection refused"), "network"},
	}
	for _, tt := range tests {
		if got := Status(tt.err); got != tt.want {
			t.Errorf("Status(%v) = %s, want %s", tt.err, got, tt.want)
		}
	}
}

func TestObserversFeedTheRegistry(t *testing.T) {
	m := New(map[string]string{"in.tickets": "route"})
	o := m.Consumer()
	msg := kafka.Message{Topic: "in.tickets", Time: time.Now().Add(-time.Second)}
	o.Consumed(msg, 1)
	o.Finished(msg, consumer.DeadLettered, failure.InvalidJSON, time.Second, 0)
	o.Lag("in.tickets", 3, 42)
	o.Lag("in.tickets", 4, 7)
	o.Stalled("in.tickets", 4, true)
	o.Released("in.tickets", 4) // another instance owns it now: its series go
	o.Stalled("in.tickets", 3, true)
	o.PublishError("out.routed", false)
	o.PublishError("triage.dlq", true)
	m.Decision("route", "rules", "")
	m.BreakerState("route/gpt", "", "closed")
	m.BreakerState("route/gpt", "closed", "open")
	m.LLMCall("route", "gpt", llm.Response{Attempts: 3, PromptTokens: 100, CompletionTokens: 10, CostUSD: 0.5, Latency: time.Second}, &llm.Error{StatusCode: 500})
	m.LLMCall("route", "gpt", llm.Response{}, llm.ErrLimited) // nothing sent: not a request
	m.Budget(0.5, 10)
	want := `
# HELP triage_dead_letters_total Records sent to the dead-letter topic, by reason.
# TYPE triage_dead_letters_total counter
triage_dead_letters_total{reason="invalid_json",topic="in.tickets"} 1
# HELP triage_decisions_total Decisions by the engine that answered and why it fell back (none when it did not).
# TYPE triage_decisions_total counter
triage_decisions_total{fallback_reason="none",processor="route",source="rules"} 1
# HELP triage_breaker_state Circuit breaker state: 0 closed, 1 half-open, 2 open.
# TYPE triage_breaker_state gauge
triage_breaker_state{model="gpt",processor="route"} 2
# HELP triage_breaker_transitions_total Circuit breaker state changes, by new state.
# TYPE triage_breaker_transitions_total counter
triage_breaker_transitions_total{model="gpt",processor="route",to="open"} 1
# HELP triage_llm_requests_total LLM calls (one per completion, retries included) by outcome: ok, 4xx, 429, 5xx, timeout, network, invalid.
# TYPE triage_llm_requests_total counter
triage_llm_requests_total{model="gpt",processor="route",status="5xx"} 1
# HELP triage_llm_retries_total HTTP retries of LLM calls.
# TYPE triage_llm_retries_total counter
triage_llm_retries_total{model="gpt",processor="route"} 2
# HELP triage_llm_cost_usd_total LLM spend in USD from the configured prices.
# TYPE triage_llm_cost_usd_total counter
triage_llm_cost_usd_total{model="gpt"} 0.5
# HELP triage_consumer_lag End offset minus the group's committed offset, for the partitions this instance owns.
# TYPE triage_consumer_lag gauge
triage_consumer_lag{partition="3",topic="in.tickets"} 42
# HELP triage_partition_stalled 1 while a partition this instance owns holds fetched records without a commit for longer than kafka.stall_timeout.
# TYPE triage_partition_stalled gauge
triage_partition_stalled{partition="3",topic="in.tickets"} 1
# HELP triage_publish_errors_total Failed writes to output or dead-letter topics, by kind: retriable (retried with backoff) or fatal (dead-lettered, or the instance stops).
# TYPE triage_publish_errors_total counter
triage_publish_errors_total{kind="fatal",topic="triage.dlq"} 1
triage_publish_errors_total{kind="retriable",topic="out.routed"} 1
# HELP triage_messages_processed_total Records finished, by outcome (published, dead_lettered, abandoned).
# TYPE triage_messages_processed_total counter
triage_messages_processed_total{outcome="dead_lettered",processor="route",topic="in.tickets"} 1
# HELP triage_llm_budget_limit_usd Configured LLM budget for the window (0 = none).
# TYPE triage_llm_budget_limit_usd gauge
triage_llm_budget_limit_usd 10
`
	names := []string{"triage_dead_letters_total", "triage_decisions_total", "triage_breaker_state", "triage_breaker_transitions_total",
		"triage_llm_requests_total", "triage_llm_retries_total", "triage_llm_cost_usd_total", "triage_consumer_lag", "triage_partition_stalled", "triage_publish_errors_total", "triage_messages_processed_total", "triage_llm_budget_limit_usd"}
	if err := testutil.GatherAndCompare(m.Registry, strings.NewReader(want), names...); err != nil {
		t.Fatal(err)
	}
	if n := testutil.CollectAndCount(m.e2e); n != 1 {
		t.Errorf("e2e histogram series = %d", n)
	}
}
