// Package calib maps an engine's raw confidence to a calibrated one: the
// share of decisions right among those the engine gave that confidence,
// measured on labelled development data. A Table is fitted per engine and
// task (Fit: isotonic regression, shrunk towards the base rate so a sparse
// block never claims 0 or 1) and applied by the Calibrated middleware, so
// that llm.rules_first_min_confidence, llm.min_confidence and the review
// thresholds compare calibrated values.
//
// The tables of the rules router and extractor are embedded (tables/);
// they are fitted by one command from the development sets, never from a
// held-out set (a directory holding a HELDOUT file is refused):
//
//	go generate ./processors/calib/
//
// A Table is read-only once built and safe for concurrent use.
package calib

//go:generate go run ../../internal/eval/calibrate -out tables

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"sort"
)

// Table is one fitted calibration map: X are raw confidences (increasing),
// Y the calibrated values there (non-decreasing, within 0..1); between
// knots the map is linear, beyond them flat.
type Table struct {
	Engine string    `json:"engine"` // "rules" or "llm"
	Task   string    `json:"task"`   // "route" or "extract"
	Method string    `json:"method"` // how it was fitted
	Data   []string  `json:"data"`   // the labelled files it was fitted on
	N      int       `json:"n"`      // decisions it was fitted on
	X      []float64 `json:"x"`
	Y      []float64 `json:"y"`
}

// Apply returns the calibrated confidence of raw. It is monotone (a higher
// raw confidence never gets a lower calibrated one) and within 0..1. A raw
// confidence of 0 (or below) stays 0: it is an abstention (the rules found
// no evidence and fell back), not a measured confidence, and every gate
// must keep treating it as unsure. A nil table returns raw unchanged.
func (t *Table) Apply(raw float64) float64 {
	if t == nil || len(t.X) == 0 || math.IsNaN(raw) {
		return raw
	}
	if raw <= 0 {
		return 0
	}
	n := len(t.X)
	switch {
	case raw <= t.X[0]:
		return t.Y[0]
	case raw >= t.X[n-1]:
		return t.Y[n-1]
	}
	i := sort.SearchFloat64s(t.X, raw) // X[i-1] < raw <= X[i]
	x0, x1, y0, y1 := t.X[i-1], t.X[i], t.Y[i-1], t.Y[i]
	return y0 + (y1-y0)*(raw-x0)/(x1-x0)
}

// Version is "cal-" and 8 hex digits of the SHA-256 of the map (X and Y):
// a refitted table that maps differently has another version.
func (t *Table) Version() string {
	if t == nil {
		return ""
	}
	b, _ := json.Marshal([2][]float64{t.X, t.Y})
	sum := sha256.Sum256(b)
	return "cal-" + hex.EncodeToString(sum[:4])
}

// Parse reads a table written by Fit and checks it: knots increasing,
// values non-decreasing within 0..1.
func Parse(data []byte) (*Table, error) {
	var t Table
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("calib: %w", err)
	}
	if len(t.X) == 0 || len(t.X) != len(t.Y) {
		return nil, fmt.Errorf("calib: %s/%s: want as many values as knots, at least one (got %d and %d)", t.Engine, t.Task, len(t.X), len(t.Y))
	}
	for i := range t.X {
		if t.Y[i] < 0 || t.Y[i] > 1 || (i > 0 && (t.X[i] <= t.X[i-1] || t.Y[i] < t.Y[i-1])) {
			return nil, fmt.Errorf("calib: %s/%s: knot %d: x must increase and y must not decrease within 0..1", t.Engine, t.Task, i)
		}
	}
	return &t, nil
}

//go:embed tables
var tables embed.FS

// Default returns the embedded table of an engine ("rules", "llm") and
// task ("route", "extract"), nil when none is embedded (the raw
// confidence is then used as is). It panics on a broken embedded table,
// which TestEmbeddedTables catches.
func Default(engine, task string) *Table {
	data, err := tables.ReadFile("tables/" + engine + "-" + task + ".json")
	if err != nil {
		return nil
	}
	t, err := Parse(data)
	if err != nil {
		panic(err)
	}
	return t
}
