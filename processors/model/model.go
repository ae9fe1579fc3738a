// Package model is triage's learned router: a multinomial naive Bayes text
// classifier over words, word pairs and character n-grams, trained by
// "triage learn" (internal/learn) from the LLM's validated decisions and
// people's corrections, and read from a versioned model file.
//
// The model never replaces the YAML rules. Combined (combine.go) wraps the
// rules router: the rules decide when their evidence is strong, the model
// decides when they abstain or are weak and it is confident, and every
// decision it takes part in names it in decision.matched ("model:0.93") and
// carries the model's version in provenance.engine_version.
//
// A Model is read-only once Parse or Load returned it, and safe for
// concurrent use.
package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
)

// FormatVersion is the model file format this package reads and writes.
// A file of another format is refused: retrain it with this build's
// "triage learn".
const FormatVersion = 1

// KindNaiveBayes is the only classifier kind of format 1.
const KindNaiveBayes = "multinomial-naive-bayes"

// Model is one model file. Its fields are its JSON form. Counts are
// weighted: a human correction adds its weight where an LLM decision adds 1.
type Model struct {
	Format   int      `json:"format"`
	Kind     string   `json:"kind"`
	Version  string   `json:"version"` // "model-" + 12 hex digits of the content hash; see Seal
	Classes  []string `json:"classes"` // the queues it can answer, sorted
	Features Features `json:"features"`
	// Alpha is the additive (Lidstone) smoothing of the feature counts.
	Alpha float64 `json:"alpha"`
	// Docs[c] is the weight of the training examples of class c (the
	// prior), Mass[c] the total weight of their features.
	Docs []float64 `json:"docs"`
	Mass []float64 `json:"mass"`
	// Counts maps a feature to its weight per class, as flat pairs
	// [class index, weight, class index, weight, ...], classes ascending,
	// zero weights left out.
	Counts map[string][]float64 `json:"counts"`
	// Temperature divides the log-probabilities before they are
	// normalised (0 or 1: none). Naive Bayes counts every word as
	// independent evidence, so its raw probabilities sit at 0 or 1;
	// FitTemperature chooses the divisor that makes them right as often as
	// they say on text the model was not trained on.
	Temperature float64 `json:"temperature,omitempty"`
	Combine     Policy  `json:"combine"`
	// Training summarises what the model was trained on (not read when
	// predicting, but part of the content hash).
	Training Summary `json:"training"`

	tables *tables // built by Seal and Parse
}

// Summary describes a model's training data.
type Summary struct {
	Sources  []string       `json:"sources"`  // files or topics read
	Examples int            `json:"examples"` // examples kept
	Weight   float64        `json:"weight"`   // their total weight
	PerClass map[string]int `json:"per_class"`
	// BySource counts the examples by where their label came from: "llm",
	// "cache", "human", "labelled" (a labelled file).
	BySource map[string]int `json:"by_source"`
	// Skipped counts what was read and left out, by reason.
	Skipped map[string]int `json:"skipped,omitempty"`
}

// Seal validates m, computes its Version from its content and prepares it
// for prediction. Call it once after filling the fields (internal/learn
// does); Parse calls it for a file.
func (m *Model) Seal() error {
	if err := m.validate(); err != nil {
		return err
	}
	m.Version = ""
	canon, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("model: encode: %w", err)
	}
	sum := sha256.Sum256(canon)
	m.Version = "model-" + hex.EncodeToString(sum[:])[:12]
	t, err := newTables(m)
	if err != nil {
		return err
	}
	m.tables = t
	return nil
}

func (m *Model) validate() error {
	switch {
	case m.Format != FormatVersion:
		return fmt.Errorf("model: format %d, this build reads format %d: retrain with this build's triage learn", m.Format, FormatVersion)
	case m.Kind != KindNaiveBayes:
		return fmt.Errorf("model: kind %q, want %q", m.Kind, KindNaiveBayes)
	case len(m.Classes) < 2:
		return fmt.Errorf("model: %d classes, need at least 2", len(m.Classes))
	case !slices.IsSorted(m.Classes) || len(slices.Compact(slices.Clone(m.Classes))) != len(m.Classes):
		return errors.New("model: classes must be sorted and distinct")
	case len(m.Docs) != len(m.Classes) || len(m.Mass) != len(m.Classes):
		return errors.New("model: docs and mass need one entry per class")
	case !(m.Alpha > 0) || math.IsInf(m.Alpha, 0):
		return fmt.Errorf("model: alpha %v: want a positive number", m.Alpha)
	case m.Temperature != 0 && (m.Temperature < 1 || math.IsInf(m.Temperature, 0) || math.IsNaN(m.Temperature)):
		return fmt.Errorf("model: temperature %v: want 0 (none) or a finite number >= 1", m.Temperature)
	case len(m.Counts) == 0:
		return errors.New("model: no features")
	}
	for c := range m.Classes {
		if !(m.Docs[c] > 0) || m.Mass[c] < 0 || math.IsInf(m.Docs[c], 0) || math.IsInf(m.Mass[c], 0) {
			return fmt.Errorf("model: class %s: docs %v, mass %v: want finite, docs > 0", m.Classes[c], m.Docs[c], m.Mass[c])
		}
	}
	for f, pairs := range m.Counts {
		if len(pairs)%2 != 0 {
			return fmt.Errorf("model: feature %q: odd number of values", f)
		}
		for i := 0; i < len(pairs); i += 2 {
			c := pairs[i]
			if c != math.Trunc(c) || c < 0 || int(c) >= len(m.Classes) || !(pairs[i+1] > 0) || math.IsInf(pairs[i+1], 0) {
				return fmt.Errorf("model: feature %q: bad pair (%v, %v)", f, c, pairs[i+1])
			}
		}
	}
	return m.Combine.validate()
}

// Encode returns m's file: one line of JSON. m must be sealed.
func (m *Model) Encode() ([]byte, error) {
	if m.tables == nil {
		return nil, errors.New("model: encode of an unsealed model")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("model: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// Parse decodes a model file strictly (unknown keys are errors), validates
// it and checks that its version matches its content, so a file edited by
// hand is refused rather than published under the old version.
func Parse(data []byte) (*Model, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Model
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("model: parse: %w", err)
	}
	if dec.More() {
		return nil, errors.New("model: parse: more than one JSON value")
	}
	stated := m.Version
	if err := m.Seal(); err != nil {
		return nil, err
	}
	if stated != m.Version {
		return nil, fmt.Errorf("model: the file says version %q but its content hashes to %q (edited by hand?): retrain it with triage learn", stated, m.Version)
	}
	return &m, nil
}

// Load reads and parses the model file at path.
func Load(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	m, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%w (file %s)", err, path)
	}
	return m, nil
}
