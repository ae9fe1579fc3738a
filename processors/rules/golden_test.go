package rules

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode"
	"github.com/triage/triage/processors/decode/clean"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden/decisions.jsonl.gz from the current engine")

const (
	goldenFile   = "testdata/golden/decisions.jsonl.gz"
	externalFile = "testdata/golden/external.jsonl.gz"
)

// goldenRules are the shipped rules files every input is decided with.
var goldenRules = []string{"default.yaml", "bitext.yaml", "curekart.yaml"}

// goldenInput is one labelled record: where it comes from and its text.
type goldenInput struct {
	Src     string `json:"src"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// key identifies the text of an input, so that a changed set is noticed.
func (in goldenInput) key() string {
	sum := sha256.Sum256([]byte(in.Subject + "\x00" + in.Body))
	return hex.EncodeToString(sum[:8])
}

// goldenRecord is the whole Output of the router and the extractor of each
// rules file for one input, JSON-encoded.
type goldenRecord struct {
	Src       string                `json:"src"`
	In        string                `json:"in"`
	Decisions map[string]goldenPair `json:"decisions"`
}

type goldenPair struct {
	Route   json.RawMessage `json:"route"`
	Extract json.RawMessage `json:"extract"`
}

// goldenInputs returns every record of every labelled set: this package's
// sets read in place, and the sets of other packages (eval, pipeline, demo,
// decode, learn) from the copy in externalFile, which update mode writes
// when it is missing.
func goldenInputs(t testing.TB) []goldenInput {
	var out []goldenInput
	sets, _ := filepath.Glob("testdata/*.jsonl")
	more, _ := filepath.Glob("testdata/datasets/*/*.jsonl")
	sets = append(sets, more...)
	sort.Strings(sets)
	for _, s := range sets {
		out = append(out, readInputs(t, s, s)...)
	}
	if _, err := os.Stat(externalFile); os.IsNotExist(err) && *updateGolden {
		writeExternal(t)
	}
	f, err := os.Open(externalFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var in goldenInput
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			t.Fatalf("%s: %v", externalFile, err)
		}
		out = append(out, in)
	}
	return out
}

// readInputs reads the subject and body (or an email's text or html) of
// each JSON line of path; lines that are not JSON objects are skipped.
func readInputs(t testing.TB, path, src string) []goldenInput {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []goldenInput
	for n, line := range bytes.Split(data, []byte("\n")) {
		var m map[string]any
		if json.Unmarshal(line, &m) != nil {
			continue
		}
		str := func(k string) string { s, _ := m[k].(string); return s }
		body := str("body") + str("text") + str("html") + str("raw_mime")
		out = append(out, goldenInput{Src: fmt.Sprintf("%s:%d", src, n+1), Subject: str("subject"), Body: body})
	}
	return out
}

// externalSets lists the labelled files of other packages under root, the
// module root, that externalFile copies: every match of the globs below
// but the files of a held-out frozen set (heldOut).
func externalSets(root string) []string {
	var out []string
	for _, pat := range []string{"internal/eval/testdata/*.jsonl", "internal/eval/testdata/frozen/*/*.jsonl",
		"internal/pipeline/testdata/*.jsonl", "internal/demo/samples/*.jsonl", "processors/decode/testdata/clean/*.jsonl",
		"processors/testdata/clean/*.jsonl", "internal/learn/testdata/datasets/*/*.jsonl"} {
		paths, _ := filepath.Glob(filepath.Join(root, pat))
		for _, p := range paths {
			if !heldOut(p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// writeExternal copies the labelled records of other packages into
// externalFile, so the goldens do not depend on where those files live.
func writeExternal(t testing.TB) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	for _, p := range externalSets("../..") {
		rel, _ := filepath.Rel("../..", p)
		for _, in := range readInputs(t, p, filepath.ToSlash(rel)) {
			line, _ := json.Marshal(in)
			zw.Write(append(line, '\n'))
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(externalFile, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// decide runs each rules file's router and extractor on in, with the quoted
// context the decoder would give (so the goldens pin resolveQuoted too).
func decide(t testing.TB, engines map[string][2]processors.Processor, in goldenInput) goldenRecord {
	rec := goldenRecord{Src: in.Src, In: in.key(), Decisions: map[string]goldenPair{}}
	pin := processors.Input{ID: in.Src, Subject: in.Subject, Body: in.Body, RawBody: in.Body,
		Quoted: clean.Context(clean.Clean(in.Body).Quoted, decode.MaxQuotedBytes)}
	for name, e := range engines {
		var pair [2]json.RawMessage
		for i, p := range e {
			out, err := p.Process(context.Background(), pin)
			if err != nil {
				t.Fatalf("%s %s: %v", name, in.Src, err)
			}
			if pair[i], err = json.Marshal(out); err != nil {
				t.Fatal(err)
			}
		}
		rec.Decisions[name] = goldenPair{Route: pair[0], Extract: pair[1]}
	}
	return rec
}

func goldenEngines(t testing.TB) map[string][2]processors.Processor {
	out := map[string][2]processors.Processor{}
	for _, name := range goldenRules {
		r, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = [2]processors.Processor{NewRouter(r), NewExtractor(r)}
	}
	return out
}

// TestGoldenDecisions holds the whole Output (queue, matched rules,
// confidence; items, quantities, prices, currency, reference) of the router
// and the extractor of every shipped rules file, for every record of every
// labelled set in the repository, to what testdata/golden records. A change
// of decisions is deliberate only with -update-golden.
func TestGoldenDecisions(t *testing.T) {
	engines := goldenEngines(t)
	inputs := goldenInputs(t)
	if *updateGolden {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		enc := json.NewEncoder(zw)
		for _, in := range inputs {
			if err := enc.Encode(decide(t, engines, in)); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenFile, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d records (%d bytes) to %s", len(inputs), buf.Len(), goldenFile)
		return
	}
	want := readGolden(t)
	if len(want) != len(inputs) {
		t.Fatalf("%d inputs, %s has %d records: a set changed; rerun with -update-golden if that is meant", len(inputs), goldenFile, len(want))
	}
	bad := 0
	for i, in := range inputs {
		w, got := want[i], decide(t, engines, in)
		if w.Src != got.Src || w.In != got.In {
			t.Fatalf("record %d is %s (%s), golden has %s (%s): a set changed; rerun with -update-golden if that is meant",
				i, got.Src, got.In, w.Src, w.In)
		}
		for _, name := range goldenRules {
			g, wp := got.Decisions[name], w.Decisions[name]
			if !bytes.Equal(g.Route, wp.Route) || !bytes.Equal(g.Extract, wp.Extract) {
				bad++
				if bad <= 10 {
					t.Errorf("%s with %s:\nroute   got  %s\n        want %s\nextract got  %s\n        want %s",
						in.Src, name, g.Route, wp.Route, g.Extract, wp.Extract)
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d decisions differ from %s", bad, goldenFile)
	}
	t.Logf("%d records x %d rules files, decisions identical", len(inputs), len(goldenRules))
}

func readGolden(t testing.TB) []goldenRecord {
	f, err := os.Open(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []goldenRecord
	dec := json.NewDecoder(zr)
	for dec.More() {
		var r goldenRecord
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("%s: %v", goldenFile, err)
		}
		out = append(out, r)
	}
	return out
}

// heldOut reports whether path lies in a frozen set marked HELDOUT: its
// decisions must not be seen before the set is scored once.
func heldOut(path string) bool {
	_, err := os.Stat(filepath.Join(filepath.Dir(path), "HELDOUT"))
	return err == nil
}

// TestHeldOutSetsAreSkipped: a frozen set whose directory holds HELDOUT
// (the next set, scored once at the end) is left out of the goldens; the
// studied sets are in.
func TestHeldOutSetsAreSkipped(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"studied/tickets.jsonl", "held/tickets.jsonl", "held/HELDOUT"} {
		p := filepath.Join(root, "internal/eval/testdata/frozen", f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := externalSets(root)
	if len(got) != 1 || filepath.Base(filepath.Dir(got[0])) != "studied" {
		t.Fatalf("external sets %v, want only the studied one", got)
	}
	for _, dev := range []string{"2026-11-29", "2026-11-29b"} {
		p := "../../internal/eval/testdata/frozen/" + dev + "/tickets.jsonl"
		if !slices.Contains(externalSets("../.."), p) {
			t.Errorf("the development set %s is not in the goldens", dev)
		}
	}
}
