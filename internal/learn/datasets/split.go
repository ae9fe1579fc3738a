package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// splitSeed salts the BANKING77 split; changing it changes the split.
const splitSeed = "triage-learn-banking77-v1"

// row is one labelled text of a CSV set, numbered from 1 in file order.
type row struct {
	n           int
	text, label string
}

// set is one public set and how it is split.
type set struct {
	dir, csv, id      string // folder under src and out, CSV file, id prefix
	digits            int    // of the row number in the id
	textCol, labelCol string
	licence           string
	test              func(r row, id string) bool
	rules             bool // write rules.yaml: the labels as queues, no rule
}

var sets = []set{
	{dir: "hint3", csv: "curekart_train.csv", id: "hint3-curekart_train", digits: 4, textCol: "sentence", labelCol: "label",
		licence: "LICENSE.md", test: func(r row, _ string) bool { return r.n%5 == 0 }},
	{dir: "banking77", csv: "train.csv", id: "banking77-train", digits: 5, textCol: "text", labelCol: "category",
		licence: "LICENSE", test: func(_ row, id string) bool { return seeded(id)%5 == 0 }, rules: true},
}

func seeded(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(splitSeed + "/" + id))
	return h.Sum64()
}

func write(src, out string) error {
	for _, s := range sets {
		if err := s.write(src, out); err != nil {
			return fmt.Errorf("datasets: %s: %w", s.dir, err)
		}
	}
	return nil
}

func (s set) write(src, out string) error {
	rows, err := readCSV(filepath.Join(src, s.dir, s.csv), s.textCol, s.labelCol)
	if err != nil {
		return err
	}
	dir := filepath.Join(out, s.dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	base := strings.TrimSuffix(strings.TrimSuffix(s.csv, ".csv"), "_train")
	if base == "train" {
		base = ""
	} else {
		base += "_"
	}
	var train, test []byte
	labels := map[string]bool{}
	for _, r := range rows {
		id := fmt.Sprintf("%s-%0*d", s.id, s.digits, r.n)
		line, err := ticketLine(id, s.dir, r)
		if err != nil {
			return err
		}
		labels[r.label] = true
		if s.test(r, id) {
			test = append(test, line...)
		} else {
			train = append(train, line...)
		}
	}
	files := map[string][]byte{base + "train.jsonl": train, base + "test.jsonl": test}
	if s.rules {
		files["rules.yaml"] = rulesFile(s.dir, labels)
	}
	for _, name := range []string{s.licence, "SOURCE.txt"} {
		b, err := os.ReadFile(filepath.Join(src, s.dir, name))
		if err != nil {
			return err
		}
		files[name] = b
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// ticketLine is one ticket.v1 event plus gold, a JSON line.
func ticketLine(id, src string, r row) ([]byte, error) {
	b, err := json.Marshal(struct {
		TicketID  string            `json:"ticket_id"`
		Subject   string            `json:"subject"`
		Body      string            `json:"body"`
		Channel   string            `json:"channel"`
		Customer  map[string]string `json:"customer"`
		CreatedAt string            `json:"created_at"`
		Gold      map[string]string `json:"gold"`
	}{id, "", r.text, "dataset", map[string]string{"id": src}, "2020-01-01T00:00:00Z", map[string]string{"queue": r.label}})
	return append(b, '\n'), err
}

// rulesFile is a rules file that knows the queues and nothing else.
func rulesFile(name string, labels map[string]bool) []byte {
	qs := make([]string, 0, len(labels))
	for l := range labels {
		qs = append(qs, l)
	}
	slices.Sort(qs)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s's labels as queues and not one rule: the rules alone answer the fallback\n", name)
	b.WriteString("# queue \"other\" for every ticket. Written by go run ./internal/learn/datasets.\nrouter:\n  queues:\n")
	for _, q := range append(qs, "other") {
		fmt.Fprintf(&b, "    - %s\n", q)
	}
	b.WriteString("  fallback_queue: other\n  subject_weight: 2\n  min_score: 1\n  rules: []\nextractor:\n  order_threshold: 1\n")
	return []byte(b.String())
}

func readCSV(path, textCol, labelCol string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rd := csv.NewReader(f)
	rd.FieldsPerRecord = -1
	header, err := rd.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	ti, li := slices.Index(header, textCol), slices.Index(header, labelCol)
	if ti < 0 || li < 0 {
		return nil, fmt.Errorf("%s: header %v lacks %q or %q", path, header, textCol, labelCol)
	}
	var rows []row
	for n := 1; ; n++ {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(rec) <= max(ti, li) || strings.TrimSpace(rec[li]) == "" {
			return nil, fmt.Errorf("%s: row %d has no %s", path, n, labelCol)
		}
		rows = append(rows, row{n, rec[ti], strings.TrimSpace(rec[li])})
	}
}
