package eval

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Sources of public routing sets that Convert reads: which CSV column holds
// the text and which the label.
var sources = map[string]struct{ text, label string }{
	// Bitext customer-service sample: utterance,intent,...,category,tags;
	// the 11 categories are the queues of bitext.yaml.
	"bitext": {"utterance", "category"},
	// HINT3 v2: sentence,label.
	"hint3": {"sentence", "label"},
}

// Convert reads a public routing set in CSV (src "bitext" or "hint3", see
// the SOURCE.txt beside each set) and writes it as eval route cases, one
// JSON line per row in the legacy envelope (see Load): {"id":"<idPrefix>-
// <row>","subject":"","body":<text>,"gold":{"queue":<label>}}, rows
// numbered from 1 in file order. The text is kept as is. It returns the
// number of cases written.
func Convert(src string, r io.Reader, w io.Writer, idPrefix string) (int, error) {
	cols, ok := sources[src]
	if !ok {
		return 0, fmt.Errorf("eval: convert: unknown source %q (want bitext or hint3)", src)
	}
	rd := csv.NewReader(r)
	header, err := rd.Read()
	if err != nil {
		return 0, fmt.Errorf("eval: convert %s: header: %w", src, err)
	}
	textCol, labelCol := -1, -1
	for i, h := range header {
		switch strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) {
		case cols.text:
			textCol = i
		case cols.label:
			labelCol = i
		}
	}
	if textCol < 0 || labelCol < 0 {
		return 0, fmt.Errorf("eval: convert %s: header %v lacks %q or %q", src, header, cols.text, cols.label)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	n := 0
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("eval: convert %s: %w", src, err)
		}
		label := strings.TrimSpace(rec[labelCol])
		if label == "" {
			line, _ := rd.FieldPos(labelCol)
			return n, fmt.Errorf("eval: convert %s: line %d: empty %s", src, line, cols.label)
		}
		n++
		c := legacyCase{ID: fmt.Sprintf("%s-%04d", idPrefix, n), Body: rec[textCol], Gold: RouteGold{Queue: label}}
		if err := enc.Encode(c); err != nil {
			return n, fmt.Errorf("eval: convert %s: %w", src, err)
		}
	}
}

// legacyCase is a routing record in the legacy envelope.
type legacyCase struct {
	ID      string    `json:"id"`
	Subject string    `json:"subject"`
	Body    string    `json:"body"`
	Gold    RouteGold `json:"gold"`
}
