package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/triage/triage/internal/config"
)

func TestLogDurationsAreHumanReadable(t *testing.T) {
	for _, format := range []string{"json", "text"} {
		var b bytes.Buffer
		newLogger(&b, config.Log{Level: "info", Format: format}).Info("x", "timeout", 1500*time.Millisecond)
		if !strings.Contains(b.String(), "1.5s") || strings.Contains(b.String(), "1500000000") {
			t.Errorf("%s: duration not human-readable: %s", format, b.String())
		}
	}
}

// Raw customer text in logs is an explicit opt-in, announced at start; the
// default says nothing.
func TestRawLoggingWarnsAtStart(t *testing.T) {
	run := func(extra ...string) string {
		var out, errb bytes.Buffer
		args := append([]string{"run", "--kafka.brokers", "127.0.0.1:1", "--kafka.startup_timeout", "1s"}, extra...)
		dispatch(context.Background(), args, &out, &errb, env(nil))
		return out.String()
	}
	if got := run(); strings.Contains(got, "RAW CUSTOMER TEXT") {
		t.Fatalf("the default (log.redact true) warned:\n%s", got)
	}
	if got := run("--log.redact=false"); !strings.Contains(got, "RAW CUSTOMER TEXT") || !strings.Contains(got, `"level":"WARN"`) {
		t.Fatalf("log.redact=false did not warn loudly:\n%s", got)
	}
}
