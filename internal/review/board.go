// Package review serves the review page of "triage review serve": the open
// review tasks (read from topics.review), each with its text, the evidence
// highlighted and a form to accept the decision, change the queue or edit
// the items; what a person decides is written to topics.corrections as a
// correction (schemas/correction.v1.json), which "triage run" applies.
//
// It keeps no database: the open tasks are rebuilt at start from the two
// topics (a task is closed once a correction naming its event is seen).
package review

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/triage/triage/internal/pipeline"
)

// Task is one review task as the page reads it from the review topic.
type Task struct {
	ID   string            `json:"id"`
	Time time.Time         `json:"time"`
	Data pipeline.TaskData `json:"data"`
}

// Board holds the open tasks. It is safe for concurrent use.
type Board struct {
	mu     sync.Mutex
	open   map[string]Task // by event id
	closed map[string]bool // event ids a correction names
}

// NewBoard returns an empty board.
func NewBoard() *Board { return &Board{open: map[string]Task{}, closed: map[string]bool{}} }

// AddTask records a review task value (a triage.review.task.v1 event in
// the structured mode); it reports false for anything else. A task whose
// event was corrected already stays closed.
func (b *Board) AddTask(value []byte) bool {
	var t Task
	if err := json.Unmarshal(value, &t); err != nil || t.Data.EventID == "" {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed[t.Data.EventID] {
		b.open[t.Data.EventID] = t
	}
	return true
}

// AddCorrection closes the task of the event a correction value names; it
// reports false when the value names none.
func (b *Board) AddCorrection(value []byte) bool {
	var c struct {
		EventID string `json:"event_id"`
	}
	if err := json.Unmarshal(value, &c); err != nil || c.EventID == "" {
		return false
	}
	b.Close(c.EventID)
	return true
}

// Close closes the task of eventID (also one not seen yet).
func (b *Board) Close(eventID string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed[eventID] = true
	delete(b.open, eventID)
}

// Open lists the open tasks, oldest first.
func (b *Board) Open() []Task {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]Task, 0, len(b.open))
	for _, t := range b.open {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Task) int {
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// Get returns the open task of eventID.
func (b *Board) Get(eventID string) (Task, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	t, ok := b.open[eventID]
	return t, ok
}
