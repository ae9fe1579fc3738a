package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkatest"
	"github.com/triage/triage/processors/model"
)

const (
	learnData     = "../../internal/learn/testdata/datasets/hint3/"
	curekartRules = "../../processors/rules/curekart.yaml"
)

func triage(t *testing.T, lookup func(string) (string, bool), args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	if lookup == nil {
		lookup = func(string) (string, bool) { return "", false }
	}
	code = dispatch(context.Background(), args, &out, &errb, lookup)
	return code, out.String(), errb.String()
}

// TestLearnThenEvalSideBySide: triage learn writes a model from a training
// split, and triage eval --model scores rules-only, model-only and
// combined on the test split, the combined above the rules.
func TestLearnThenEvalSideBySide(t *testing.T) {
	out := filepath.Join(t.TempDir(), "curekart.model.json")
	code, stdout, stderr := triage(t, nil, "learn", "--data", learnData+"curekart_train.jsonl", "--rules", curekartRules, "--out", out)
	if code != 0 {
		t.Fatalf("learn: exit %d: %s", code, stderr)
	}
	m, err := model.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{m.Version + " written to", "480 examples", "from labelled: 480", "rules.model: " + out} {
		if !strings.Contains(stdout, want) {
			t.Errorf("learn output lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, stderr = triage(t, nil, "eval", "--task", "route", "--rules", curekartRules, "--model", out, "--data", learnData+"curekart_test.jsonl")
	if code != 0 {
		t.Fatalf("eval --model: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"rules-only", "model-only", "combined", "accuracy", "macro-F1", m.Version} {
		if !strings.Contains(stdout, want) {
			t.Errorf("eval output lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = triage(t, nil, "eval", "--task", "route", "--rules", curekartRules, "--model", out, "--data", learnData+"curekart_test.jsonl", "--json")
	var rep struct {
		Model   string `json:"model_version"`
		Engines []struct {
			Engine string `json:"engine"`
			Report struct {
				Accuracy float64 `json:"accuracy"`
			} `json:"report"`
		} `json:"engines"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || code != 0 || len(rep.Engines) != 3 || rep.Model != m.Version {
		t.Fatalf("eval --json: exit %d, %v: %s", code, err, stdout)
	}
	if rules, combined := rep.Engines[0].Report.Accuracy, rep.Engines[2].Report.Accuracy; combined <= rules {
		t.Errorf("combined %.3f does not beat rules-only %.3f", combined, rules)
	}
}

func TestLearnUsage(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"learn"}, 2, "--out and at least one"},
		{[]string{"learn", "--out", dir + "/m.json"}, 2, "--out and at least one"},
		{[]string{"learn", "--data", "missing.jsonl", "--out", dir + "/m.json"}, 1, "missing.jsonl"},
		// the default rules do not route to CureKart's queues
		{[]string{"learn", "--data", learnData + "curekart_train.jsonl", "--out", dir + "/m.json"}, 1, "queues the rules do not list"},
		{[]string{"learn", "--events", "--out", dir + "/m.json"}, 2, "kafka.brokers"},
		{[]string{"learn", "--events", "--kafka.brokers", "127.0.0.1:1", "--from", "yesterday", "--out", dir + "/m.json"}, 2, "RFC 3339"},
		{[]string{"eval", "--task", "extract", "--data", evalData + "extract_small.jsonl", "--model", dir + "/m.json"}, 2, "--task route"},
		{[]string{"eval", "--task", "route", "--data", evalData + "route_small.jsonl", "--model", dir + "/none.json"}, 2, "--model"},
		{[]string{"rules"}, 2, "usage: triage rules suggest"},
		{[]string{"rules", "suggest"}, 2, "one of --data and --events"},
	} {
		code, _, stderr := triage(t, nil, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}

// TestLearnFromEvents: triage learn --events reads the routed events of a
// window on the broker, keeps the LLM's answers and a correction, and
// leaves the fallbacks out.
func TestLearnFromEvents(t *testing.T) {
	b := kafkatest.Start(t)
	tickets, routed := b.Topic(t, "cl.tickets", 1), b.Topic(t, "cl.routed", 1)
	texts := map[string]string{"billing": "I was charged twice on my invoice", "technical": "the app crashes on start", "shipping": "my parcel is late"}
	var in, events []kafka.Message
	at := time.Now().Add(-time.Minute)
	off := 0
	for _, q := range []string{"billing", "technical", "shipping"} {
		for i := range 3 {
			id := fmt.Sprintf("T-%d", off)
			in = append(in, kafka.Message{Topic: tickets, Value: []byte(fmt.Sprintf(
				`{"ticket_id":%q,"subject":"","body":"%s %d","channel":"web","customer":{"id":"c"},"created_at":"2026-11-01T09:00:00Z"}`, id, texts[q], i))})
			source, reason := "llm", ""
			if i == 2 {
				source, reason = "rules", "timeout"
			}
			events = append(events, kafka.Message{Topic: routed, Time: at, Value: []byte(fmt.Sprintf(
				`{"id":"e%d","type":"triage.ticket.routed.v1","time":%q,"data":{"decision":{"queue":%q},"input":{"topic":%q,"partition":0,"offset":%d},"provenance":{"source":%q,"fallback_reason":%q}}}`,
				off, at.Format(time.RFC3339Nano), q, tickets, off, source, reason))})
			off++
		}
	}
	b.Produce(t, in...)
	b.Produce(t, events...)
	out := filepath.Join(t.TempDir(), "m.json")
	code, stdout, stderr := triage(t, nil, "learn", "--events", "--kafka.brokers", strings.Join(b.Addrs, ","),
		"--topics.tickets", tickets, "--topics.routed", routed, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"6 examples", "from llm: 6", "left out, fallback_timeout: 3", "topic " + routed} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	m, err := model.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Predict("", "the app crashes again")[0].Class; got != "technical" {
		t.Errorf("predicted %s", got)
	}
}

func TestRulesSuggestData(t *testing.T) {
	code, stdout, stderr := triage(t, nil, "rules", "suggest", "--data", evalData+"extract_small.jsonl", "--min-count", "1")
	if code != 0 || !strings.Contains(stdout, "# triage rules suggest: 4 labelled emails") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
