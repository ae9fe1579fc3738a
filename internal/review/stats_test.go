package review

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

var statT0 = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

func statTask(eventID, processor, fallback string, at time.Time) []byte {
	return fmt.Appendf(nil, `{"id":"task-%s","time":%q,"data":{"event_id":%q,"processor":{"name":%q,"version":"v"},"provenance":{"source":"rules","fallback_reason":%q,"engine_version":"r"}}}`,
		eventID, at.Format(time.RFC3339), eventID, processor, fallback)
}

func statCorrection(eventID, verdict string, at time.Time) []byte {
	return fmt.Appendf(nil, `{"event_id":%q,"verdict":%q,"at":%q}`, eventID, verdict, at.Format(time.RFC3339))
}

// The backlog from the topics' history: open tasks and the oldest one's
// age, tasks by fallback reason, verdicts and lags, whichever topic a
// record comes first from, each task and correction counted once.
func TestStatsFollowTheBacklog(t *testing.T) {
	s := NewStats(func() time.Time { return statT0.Add(3 * time.Hour) })
	feed := []struct {
		task bool
		v    []byte
	}{
		{true, statTask("e1", "route", "llm_error", statT0)},
		{true, statTask("e2", "route", "", statT0.Add(time.Hour))},
		{true, statTask("e3", "extract", "llm_error", statT0.Add(2*time.Hour))},
		{false, statCorrection("e1", "correct", statT0.Add(10*time.Minute))},
		{false, statCorrection("e4", "accept", statT0.Add(3*time.Hour))}, // before its task
		{true, statTask("e4", "route", "breaker_open", statT0.Add(2*time.Hour))},
		{true, statTask("e1", "route", "llm_error", statT0)},           // redelivered
		{false, statCorrection("e1", "accept", statT0.Add(time.Hour))}, // second verdict: ignored
		{true, []byte(`{"not":"a task"}`)},
	}
	for i, f := range feed {
		ok := s.AddCorrection(f.v)
		if f.task {
			ok = s.AddTask(f.v)
		}
		if want := i != len(feed)-1; ok != want {
			t.Errorf("record %d: accepted %v, want %v", i, ok, want)
		}
	}
	want := `
# HELP triage_review_open_tasks Review tasks on topics.review without a correction on topics.corrections.
# TYPE triage_review_open_tasks gauge
triage_review_open_tasks{processor="extract"} 1
triage_review_open_tasks{processor="route"} 1
# HELP triage_review_oldest_open_task_age_seconds Age of the oldest open review task (0 when none is open).
# TYPE triage_review_oldest_open_task_age_seconds gauge
triage_review_oldest_open_task_age_seconds{processor="extract"} 3600
triage_review_oldest_open_task_age_seconds{processor="route"} 7200
# HELP triage_review_tasks Review tasks in the review topic's retained history, by the fallback reason of the decision under review (none: not a fallback).
# TYPE triage_review_tasks gauge
triage_review_tasks{fallback_reason="breaker_open",processor="route"} 1
triage_review_tasks{fallback_reason="llm_error",processor="extract"} 1
triage_review_tasks{fallback_reason="llm_error",processor="route"} 1
triage_review_tasks{fallback_reason="none",processor="route"} 1
# HELP triage_review_verdicts Review tasks of the retained history with a correction, by verdict (accept, correct).
# TYPE triage_review_verdicts gauge
triage_review_verdicts{fallback_reason="breaker_open",processor="route",verdict="accept"} 1
triage_review_verdicts{fallback_reason="llm_error",processor="route",verdict="correct"} 1
`
	if err := testutil.CollectAndCompare(s, strings.NewReader(want), "triage_review_open_tasks", "triage_review_oldest_open_task_age_seconds", "triage_review_tasks", "triage_review_verdicts"); err != nil {
		t.Error(err)
	}
	// Lags: 10 min (e1) and 1 h (e4): both within an hour, one within 15 min.
	lag := `
# HELP triage_review_correction_lag_seconds Time from a review task to the correction of its decision, over the retained history.
# TYPE triage_review_correction_lag_seconds histogram
triage_review_correction_lag_seconds_bucket{processor="route",le="60"} 0
triage_review_correction_lag_seconds_bucket{processor="route",le="300"} 0
triage_review_correction_lag_seconds_bucket{processor="route",le="900"} 1
triage_review_correction_lag_seconds_bucket{processor="route",le="1800"} 1
triage_review_correction_lag_seconds_bucket{processor="route",le="3600"} 2
triage_review_correction_lag_seconds_bucket{processor="route",le="14400"} 2
triage_review_correction_lag_seconds_bucket{processor="route",le="28800"} 2
triage_review_correction_lag_seconds_bucket{processor="route",le="86400"} 2
triage_review_correction_lag_seconds_bucket{processor="route",le="259200"} 2
triage_review_correction_lag_seconds_bucket{processor="route",le="604800"} 2
triage_review_correction_lag_seconds_bucket{processor="route",le="+Inf"} 2
triage_review_correction_lag_seconds_sum{processor="route"} 4200
triage_review_correction_lag_seconds_count{processor="route"} 2
`
	if err := testutil.CollectAndCompare(s, strings.NewReader(lag), "triage_review_correction_lag_seconds"); err != nil {
		t.Error(err)
	}
}

// No open task: the gauges say 0 rather than vanish, so an alert's
// comparison has a series to read.
func TestStatsOpenIsZeroWhenAllCorrected(t *testing.T) {
	s := NewStats(func() time.Time { return statT0 })
	s.AddTask(statTask("e1", "route", "", statT0))
	s.AddCorrection(statCorrection("e1", "accept", statT0))
	want := `
# HELP triage_review_open_tasks Review tasks on topics.review without a correction on topics.corrections.
# TYPE triage_review_open_tasks gauge
triage_review_open_tasks{processor="route"} 0
`
	if err := testutil.CollectAndCompare(s, strings.NewReader(want), "triage_review_open_tasks"); err != nil {
		t.Error(err)
	}
	if n, err := testutil.GatherAndLint(registryOf(s)); err != nil || len(n) > 0 {
		t.Errorf("lint: %v %v", n, err)
	}
}

func registryOf(s *Stats) *prometheus.Registry {
	r := prometheus.NewRegistry()
	r.MustRegister(s)
	return r
}

// The page serves the backlog's metrics at /metrics, behind its bearer
// token like every other path.
func TestPageServesMetrics(t *testing.T) {
	s := NewStats(func() time.Time { return statT0 })
	s.AddTask(statTask("e1", "route", "llm_error", statT0))
	srv, err := New(Options{Board: NewBoard(), Queues: []string{"billing"}, Token: "tok",
		Publish: func(context.Context, []byte, []byte) error { return nil },
		Metrics: promhttp.HandlerFor(registryOf(s), promhttp.HandlerOpts{})})
	if err != nil {
		t.Fatal(err)
	}
	get := func(token string) (int, string) {
		r := httptest.NewRequest("GET", "/metrics", nil)
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w.Code, w.Body.String()
	}
	if code, _ := get(""); code != http.StatusUnauthorized {
		t.Errorf("/metrics without the token: %d", code)
	}
	if code, body := get("tok"); code != 200 || !strings.Contains(body, `triage_review_open_tasks{processor="route"} 1`) {
		t.Errorf("/metrics: %d\n%s", code, body)
	}
}
