package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/triage/triage/internal/kafkatest"
)

// env is the process environment of a test: m, plus an admin server on a
// free loopback port unless m says otherwise (the default :9464 would clash
// between tests and CI runs sharing the machine).
func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		if !ok && k == "TRIAGE_ADMIN_ADDR" {
			return "127.0.0.1:0", true
		}
		return v, ok
	}
}

func TestDispatch(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		code     int
		inStdout string
		inStderr string
	}{
		{"no args", nil, nil, 2, "", "usage: triage"},
		{"unknown", []string{"frobnicate"}, nil, 2, "", `unknown command "frobnicate"`},
		{"help", []string{"help"}, nil, 0, "commands:", ""},
		{"version", []string{"version"}, nil, 0, "triage dev\ncommit   ", ""},
		{"config doc", []string{"config", "doc"}, nil, 0, "`kafka.brokers`", ""},
		{"config check missing brokers", []string{"config", "check"}, nil, 2, "", "kafka.brokers: required"},
		{"config check env ok", []string{"config", "check"}, map[string]string{"TRIAGE_KAFKA_BROKERS": "k:9092"}, 0, "configuration is valid", ""},
		{"config check bad flag value", []string{"config", "check", "--kafka.brokers", "k:9092", "--kafka.commit_interval", "often"}, nil, 2, "", "kafka.commit_interval (flag --kafka.commit_interval)"},
		{"run bad config", []string{"run", "--config", "../../internal/config/testdata/bad/unknown_key.yaml"}, nil, 2, "", "kafka.grop_id"},
		{"example config is valid", []string{"config", "check", "--config", "../../deploy/triage.example.yaml", "--llm.api_key_file", "testdata/api-key"}, nil, 0, "configuration is valid", ""},
		{"config check reads the api key file", []string{"config", "check", "--config", "../../deploy/triage.example.yaml"}, nil, 2, "", "llm.api_key_file: llm: api key file: open /var/run/secrets/triage/openai-api-key"},
		{"run unknown flag", []string{"run", "--nope"}, nil, 2, "", "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := dispatch(context.Background(), tt.args, &out, &errb, env(tt.env))
			if code != tt.code || !strings.Contains(out.String(), tt.inStdout) || !strings.Contains(errb.String(), tt.inStderr) {
				t.Fatalf("code %d (want %d)\nstdout: %s\nstderr: %s", code, tt.code, out.String(), errb.String())
			}
		})
	}
}

// "triage run" starts against a broker, and a cancelled context (what
// SIGTERM does in run) makes it shut down cleanly with exit code 0.
func TestRunStopsCleanlyOnCancel(t *testing.T) {
	b := kafkatest.Start(t)
	args := append(append([]string{"run"}, b.Flags()...), "--kafka.group_id", "cmd-test",
		"--topics.emails", b.Topic(t, "cmd.emails", 1), "--topics.tickets", b.Topic(t, "cmd.tickets", 1),
		"--topics.orders", b.Topic(t, "cmd.orders", 1), "--topics.routed", b.Topic(t, "cmd.routed", 1),
		"--topics.dlq", b.Topic(t, "cmd.dlq", 1), "--log.format", "text")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() { done <- dispatch(ctx, args, &out, &errb, env(nil)) }()
	waitForText(t, &out, "consumer started")
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not stop within 30s of cancel")
	}
	for _, want := range []string{"consumer started", "consumer stopped", "rules-only", "triage starting\" version=" + info.Version + " revision=" + info.Revision} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, out.String())
		}
	}
}

// Missing topics make run fail fast, naming the topic.
func TestRunFailsOnMissingTopic(t *testing.T) {
	b := kafkatest.Start(t)
	var out, errb bytes.Buffer
	args := append(append([]string{"run"}, b.Flags()...), "--topics.emails", "", "--topics.tickets", "no.such.topic.x1", "--kafka.startup_timeout", "5s")
	code := dispatch(context.Background(), args, &out, &errb, env(nil))
	if code != 1 || !strings.Contains(out.String(), "no.such.topic.x1") {
		t.Fatalf("code %d\n%s", code, out.String())
	}
}
