package review

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// LagBuckets are the upper bounds, in seconds, of
// triage_review_correction_lag_seconds: from a minute to a week.
var LagBuckets = []float64{60, 300, 900, 1800, 3600, 4 * 3600, 8 * 3600, 24 * 3600, 3 * 24 * 3600, 7 * 24 * 3600}

// noFallback is the fallback_reason label of a decision that was not a
// fallback.
const noFallback = "none"

// Stats follows the review backlog in the history the review and
// corrections topics retain (fed by Follow, like a Board, but keeping a
// few bytes per task instead of the task): open tasks, tasks by processor
// and fallback reason, their verdicts, and the time from a task to its
// correction. It is a prometheus.Collector whose figures are rebuilt from
// the topics at every start, so they are gauges of that history, the same
// on every replica, not counters of this process. Safe for concurrent use.
type Stats struct {
	mu       sync.Mutex
	open     map[string]taskInfo    // tasks without a correction, by event id
	pending  map[string]verdictInfo // corrections of tasks not seen yet
	done     map[string]bool        // event ids whose task and correction were counted
	tasks    map[[2]string]int      // processor, fallback reason
	verdicts map[[3]string]int      // processor, fallback reason, verdict
	lags     map[string]*lagCounts  // by processor
	now      func() time.Time

	openDesc, oldestDesc, tasksDesc, verdictsDesc, lagDesc *prometheus.Desc
}

type taskInfo struct {
	processor, fallback string
	at                  time.Time
}

type verdictInfo struct {
	verdict string
	at      time.Time
}

type lagCounts struct {
	buckets map[float64]uint64 // cumulative, by upper bound
	count   uint64
	sum     float64
}

// NewStats returns empty statistics; now is the clock of the oldest open
// task's age (time.Now when nil).
func NewStats(now func() time.Time) *Stats {
	if now == nil {
		now = time.Now
	}
	return &Stats{
		open: map[string]taskInfo{}, pending: map[string]verdictInfo{}, done: map[string]bool{},
		tasks: map[[2]string]int{}, verdicts: map[[3]string]int{}, lags: map[string]*lagCounts{}, now: now,
		openDesc:   prometheus.NewDesc("triage_review_open_tasks", "Review tasks on topics.review without a correction on topics.corrections.", []string{"processor"}, nil),
		oldestDesc: prometheus.NewDesc("triage_review_oldest_open_task_age_seconds", "Age of the oldest open review task (0 when none is open).", []string{"processor"}, nil),
		tasksDesc: prometheus.NewDesc("triage_review_tasks", "Review tasks in the review topic's retained history, by the fallback reason of the decision under review (none: not a fallback).",
			[]string{"processor", "fallback_reason"}, nil),
		verdictsDesc: prometheus.NewDesc("triage_review_verdicts", "Review tasks of the retained history with a correction, by verdict (accept, correct).",
			[]string{"processor", "fallback_reason", "verdict"}, nil),
		lagDesc: prometheus.NewDesc("triage_review_correction_lag_seconds", "Time from a review task to the correction of its decision, over the retained history.", []string{"processor"}, nil),
	}
}

// AddTask counts a review task value (triage.review.task.v1); false for
// anything else. A task seen again (a redelivery) counts once.
func (s *Stats) AddTask(value []byte) bool {
	var t Task
	if err := json.Unmarshal(value, &t); err != nil || t.Data.EventID == "" || t.Data.Processor.Name == "" {
		return false
	}
	id := t.Data.EventID
	info := taskInfo{processor: t.Data.Processor.Name, fallback: t.Data.Provenance.FallbackReason, at: t.Time}
	if info.fallback == "" {
		info.fallback = noFallback
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.open[id]; ok || s.done[id] {
		return true
	}
	s.tasks[[2]string{info.processor, info.fallback}]++
	if v, ok := s.pending[id]; ok {
		delete(s.pending, id)
		s.close(id, info, v)
		return true
	}
	s.open[id] = info
	return true
}

// AddCorrection closes the task of the event a correction value names
// (counting its verdict and lag once, whenever the task is seen); false
// when the value names none.
func (s *Stats) AddCorrection(value []byte) bool {
	var c struct {
		EventID string    `json:"event_id"`
		Verdict string    `json:"verdict"`
		At      time.Time `json:"at"`
	}
	if err := json.Unmarshal(value, &c); err != nil || c.EventID == "" || c.Verdict == "" {
		return false
	}
	v := verdictInfo{verdict: c.Verdict, at: c.At}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done[c.EventID] {
		return true
	}
	if t, ok := s.open[c.EventID]; ok {
		delete(s.open, c.EventID)
		s.close(c.EventID, t, v)
		return true
	}
	if _, ok := s.pending[c.EventID]; !ok {
		s.pending[c.EventID] = v
	}
	return true
}

// close counts the verdict and the lag of a task; s.mu is held.
func (s *Stats) close(id string, t taskInfo, v verdictInfo) {
	s.done[id] = true
	s.verdicts[[3]string{t.processor, t.fallback, v.verdict}]++
	l := s.lags[t.processor]
	if l == nil {
		l = &lagCounts{buckets: map[float64]uint64{}}
		for _, b := range LagBuckets {
			l.buckets[b] = 0
		}
		s.lags[t.processor] = l
	}
	lag := max(v.at.Sub(t.at).Seconds(), 0)
	for _, b := range LagBuckets {
		if lag <= b {
			l.buckets[b]++
		}
	}
	l.count++
	l.sum += lag
}

// Describe implements prometheus.Collector.
func (s *Stats) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{s.openDesc, s.oldestDesc, s.tasksDesc, s.verdictsDesc, s.lagDesc} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (s *Stats) Collect(ch chan<- prometheus.Metric) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	open, oldest := map[string]int{}, map[string]time.Time{}
	for _, t := range s.open {
		open[t.processor]++
		if o, ok := oldest[t.processor]; !ok || t.at.Before(o) {
			oldest[t.processor] = t.at
		}
	}
	for k := range s.tasks {
		if _, ok := open[k[0]]; !ok {
			open[k[0]] = 0
		}
	}
	for p, n := range open {
		ch <- prometheus.MustNewConstMetric(s.openDesc, prometheus.GaugeValue, float64(n), p)
		age := 0.0
		if o, ok := oldest[p]; ok {
			age = max(now.Sub(o).Seconds(), 0)
		}
		ch <- prometheus.MustNewConstMetric(s.oldestDesc, prometheus.GaugeValue, age, p)
	}
	for k, n := range s.tasks {
		ch <- prometheus.MustNewConstMetric(s.tasksDesc, prometheus.GaugeValue, float64(n), k[0], k[1])
	}
	for k, n := range s.verdicts {
		ch <- prometheus.MustNewConstMetric(s.verdictsDesc, prometheus.GaugeValue, float64(n), k[0], k[1], k[2])
	}
	for p, l := range s.lags {
		ch <- prometheus.MustNewConstHistogram(s.lagDesc, l.count, l.sum, l.buckets, p)
	}
}
