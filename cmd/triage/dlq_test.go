package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkatest"
	"github.com/triage/triage/internal/redrive"
)

func TestDLQUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "usage: triage dlq redrive"},
		{[]string{"purge"}, "usage: triage dlq redrive"},
		{[]string{"redrive"}, "--reason"},
		{[]string{"redrive", "--reason", "nope"}, `unknown reason "nope"`},
		{[]string{"redrive", "--all", "--from", "yesterday"}, `--from "yesterday" is not RFC 3339`},
		{[]string{"redrive", "--all", "--from", "2026-11-02T00:00:00Z", "--to", "2026-11-01T00:00:00Z"}, "--to must be after --from"},
		{[]string{"redrive", "--all", "--max", "-1"}, "--max must not be negative"},
	} {
		var out, errb bytes.Buffer
		code := cmdDLQ(context.Background(), append(tc.args, "--kafka.brokers", "127.0.0.1:1"), &out, &errb, env(nil))
		if code != 2 || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%q: code %d, stderr %q; want 2 and %q", tc.args, code, errb.String(), tc.want)
		}
	}
}

// End to end: "triage run" dead-letters a bad ticket; "triage dlq redrive
// --dry-run" reports it and writes nothing; "triage dlq redrive" puts the
// original key, value and headers back on the tickets topic byte for byte,
// where the running service decides it again (still bad: dead-lettered
// again, now with the re-drive header); a second re-drive copies only that
// new dead letter.
func TestDLQRedriveThroughRun(t *testing.T) {
	b := kafkatest.Start(t)
	tickets, dlq := b.Topic(t, "dq.tickets", 1), b.Topic(t, "dq.dlq", 1)
	flags := append(b.Flags(), "--topics.emails", "", "--topics.tickets", tickets, "--topics.routed", b.Topic(t, "dq.routed", 1),
		"--topics.dlq", dlq, "--log.level", "warn")
	bad := kafka.Message{Topic: tickets, Key: []byte("cust-7"), Value: []byte("{not json"), Headers: []kafka.Header{{Key: "origin", Value: []byte{0, 1, 2}}}}
	b.Produce(t, bad)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var runOut, runErr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- dispatch(ctx, append([]string{"run", "--kafka.group_id", "dlq-test"}, flags...), &runOut, &runErr, env(nil))
	}()
	b.ReadN(t, dlq, 1, hangBound)

	redriveCmd := func(extra ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := dispatch(context.Background(), append(append([]string{"dlq", "redrive", "--reason", "invalid_json", "--progress-every", "1h"}, flags...), extra...), &out, &errb, env(nil))
		return code, out.String(), errb.String()
	}
	code, out, errs := redriveCmd("--dry-run")
	if code != 0 || !strings.Contains(out, "would re-drive (dry run, nothing written) 1") || !strings.Contains(out, dlq+"/0/0 invalid_json → "+tickets+"/0/0") {
		t.Fatalf("dry run: code %d\n%s\n%s", code, out, errs)
	}
	if got := b.ReadAll(t, tickets); len(got) != 1 {
		t.Fatalf("dry run wrote to %s: %d records", tickets, len(got))
	}
	code, out, errs = redriveCmd()
	if code != 0 || !strings.Contains(out, "re-driven 1,") || !strings.Contains(errs, "redrive dead letters 1/1 (100.0%)") {
		t.Fatalf("re-drive: code %d\n%s\n%s", code, out, errs)
	}
	again := b.ReadN(t, dlq, 2, hangBound)
	if len(again) != 2 {
		t.Fatalf("the copy was not dead-lettered again by the running service (%d dead letters)\n%s", len(again), runErr.String())
	}
	var dl struct {
		Headers []struct{ Key string }
	}
	_ = json.Unmarshal(again[1].Value, &dl)
	if len(dl.Headers) != 2 || dl.Headers[1].Key != redrive.HeaderRedriveOf {
		t.Errorf("second dead letter's original headers %+v, want origin and %s", dl.Headers, redrive.HeaderRedriveOf)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("run: exit %d\n%s", code, runErr.String())
	}

	code, out, errs = redriveCmd()
	if code != 0 || !strings.Contains(out, "re-driven 1, already re-driven 1") {
		t.Fatalf("second re-drive: code %d\n%s\n%s", code, out, errs)
	}
	got := b.ReadAll(t, tickets)
	if len(got) != 3 {
		t.Fatalf("%d records in %s, want the original and 2 copies", len(got), tickets)
	}
	for i, want := range []string{dlq + "/0/0", dlq + "/0/1"} {
		c := got[i+1]
		if !bytes.Equal(c.Key, bad.Key) || !bytes.Equal(c.Value, bad.Value) || len(c.Headers) != 2 ||
			c.Headers[0].Key != "origin" || !bytes.Equal(c.Headers[0].Value, bad.Headers[0].Value) ||
			c.Headers[1].Key != redrive.HeaderRedriveOf || string(c.Headers[1].Value) != want {
			t.Errorf("copy %d: key %q value %q headers %q; want the original with %s: %s", i, c.Key, c.Value, c.Headers, redrive.HeaderRedriveOf, want)
		}
	}
}
