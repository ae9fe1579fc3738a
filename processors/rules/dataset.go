package rules

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/triage/triage/processors"
)

// Case is one labelled message of a dev or test set in the legacy
// envelope, a JSONL line {"id","subject","body","gold":{...}}, as the sets
// under testdata are written; this package's benchmarks read them with
// LoadCases. internal/eval reads these and sets in the live input format,
// through the live decoder, and scores them.
type Case[G any] struct {
	ID      string `json:"id"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
	Gold    G      `json:"gold"`
}

// RouteGold is the label of a routing case.
type RouteGold struct {
	Queue string `json:"queue"`
}

// OrderGold is the label of an extraction case; it has the JSON form of
// processors.Order.
type OrderGold = processors.Order

// ReadCases decodes JSONL cases from r, strictly: unknown keys are errors.
// Blank lines are skipped.
func ReadCases[G any](r io.Reader) ([]Case[G], error) {
	var out []Case[G]
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(line) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		var c Case[G]
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("rules: cases line %d: %w", n, err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("rules: cases: %w", err)
	}
	return out, nil
}

// LoadCases reads the JSONL cases in the file at path.
func LoadCases[G any](path string) ([]Case[G], error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("rules: load %s: %w", path, err)
	}
	defer f.Close()
	cs, err := ReadCases[G](f)
	if err != nil {
		return nil, fmt.Errorf("rules: load %s: %w", path, err)
	}
	return cs, nil
}
