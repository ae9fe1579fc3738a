package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/demo"
	"github.com/triage/triage/internal/kafkatest"
)

func TestResumeCommand(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--topic", "t", "--from-offset", "0:1", "--dry-run"}, "triage replay --topic t --dry-run --from-offset 0:5 --to-offset 0:9 --run-id r"},
		{[]string{"-from-offset=0:1", "--to-offset=0:9", "--run-id", "old", "--from", "2026-11-01T00:00:00Z"}, "triage replay --from 2026-11-01T00:00:00Z --from-offset 0:5 --to-offset 0:9 --run-id r"},
		{[]string{"--config", "my file.yaml"}, "triage replay --config 'my file.yaml' --from-offset 0:5 --to-offset 0:9 --run-id r"},
	} {
		if got := resumeCommand(tc.args, "0:5", "0:9", "r"); got != tc.want {
			t.Errorf("resumeCommand(%q)\n got %s\nwant %s", tc.args, got, tc.want)
		}
	}
}

func TestReplayFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "yesterday"}, "--from: \"yesterday\" is not RFC 3339"},
		{[]string{"--from", "2026-11-02T00:00:00Z", "--to", "2026-11-01T00:00:00Z"}, "--to must be after --from"},
		{[]string{"--from-offset", "0=5"}, "--from-offset"},
		{[]string{"--partitions", "x"}, "--partitions"},
		{[]string{"--output-topic", "triage.dlq"}, "dead-letter topic"},
		{[]string{"--topic", "nope"}, "nope is not an input topic"},
	} {
		var out, errb bytes.Buffer
		args := append([]string{"--kafka.brokers", "127.0.0.1:1"}, tc.args...)
		code := cmdReplay(context.Background(), args, &out, &errb, env(nil))
		if code != 2 || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%q: code %d, stderr %q; want 2 and %q", tc.args, code, errb.String(), tc.want)
		}
	}
}

func TestOffsetsUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"reset"}, {"reset", "--topic", "t"}, {"reset", "--topic", "t", "--to-earliest", "--to-offset", "3"}} {
		var out, errb bytes.Buffer
		if code := cmdOffsets(context.Background(), append(args, "--kafka.brokers", "127.0.0.1:1"), &out, &errb, env(nil)); code != 2 {
			t.Errorf("%q: code %d, want 2 (stderr %q)", args, code, errb.String())
		}
	}
}

// Ctrl-C stops a rate-limited replay cleanly; the printed command resumes
// it to the same fixed end, and the two runs together decide every record
// once.
func TestIntegrationReplayCommandStopAndResume(t *testing.T) {
	b := kafkatest.Start(t)
	tickets, routed, dlq := b.Topic(t, "c.tickets", 2), b.Topic(t, "c.routed", 2), b.Topic(t, "c.dlq", 1)
	ss, err := demo.Samples()
	if err != nil {
		t.Fatal(err)
	}
	var msgs []kafka.Message
	for _, s := range ss {
		if s.Topic == "tickets" && s.WantReason == "" {
			msgs = append(msgs, kafka.Message{Topic: tickets, Key: s.Key, Value: s.Value})
		}
	}
	b.Produce(t, msgs...)
	flags := append(b.Flags(), "--topics.tickets", tickets, "--topic", tickets,
		"--topics.routed", routed, "--topics.dlq", dlq, "--log.level", "warn", "--max-rate", "2", "--progress-every", "200ms")

	// Ctrl-C comes once the replay has decided records (seen on its
	// /metrics) and shown progress; at 2 records a second it is far from
	// done then, however slow the machine.
	port, _ := kafkatest.FreePort()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	codec := make(chan int, 1)
	go func() {
		codec <- cmdReplay(ctx, append(flags, "--metrics-addr", fmt.Sprintf("127.0.0.1:%d", port)), &out, &errb, env(nil))
	}()
	// The replay exports the live service's decision metrics while it runs.
	decisions := regexp.MustCompile(`triage_decisions_total\{fallback_reason="llm_disabled",processor="route",source="rules"\} (\S+)`)
	waitFor(t, "decision on the replay's /metrics", func() bool {
		seen, _ := scrape(t, fmt.Sprintf("http://127.0.0.1:%d/metrics", port), decisions)
		return seen > 0
	})
	waitForText(t, &out, "replay total")
	cancel()
	if code := <-codec; code != 1 {
		t.Fatalf("stopped replay: code %d, want 1\n%s\n%s", code, out.String(), errb.String())
	}
	first := out.String()
	m := regexp.MustCompile(`(?m)^  (triage replay .*)$`).FindStringSubmatch(first)
	if m == nil || !strings.Contains(first, "STOPPED") || !strings.Contains(first, "replay total") {
		t.Fatalf("no progress, STOPPED summary or resume command:\n%s", first)
	}
	t.Logf("first run:\n%s", first)
	var resumed bytes.Buffer
	if code := cmdReplay(context.Background(), unthrottled(strings.Fields(m[1])[2:]), &resumed, &errb, env(nil)); code != 0 {
		t.Fatalf("resumed replay: code %d\n%s\n%s", code, resumed.String(), errb.String())
	}
	t.Logf("resumed run:\n%s", resumed.String())
	got := b.ReadAll(t, routed)
	ids := map[string]bool{}
	for _, e := range got {
		var ev struct{ ID string }
		_ = json.Unmarshal(e.Value, &ev)
		ids[ev.ID] = true
	}
	if len(got) != len(msgs) || len(ids) != len(msgs) {
		t.Errorf("%d events (%d ids) over both runs, want %d: one per ticket", len(got), len(ids), len(msgs))
	}
}

// unthrottled is args without "--max-rate N", so a resumed test replay
// runs at full speed.
func unthrottled(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == "--max-rate" {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}
