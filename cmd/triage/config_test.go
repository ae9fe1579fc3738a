package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/triage/triage/internal/kafkatest"
)

// config check reads every file the configuration names, and with
// --connect reaches the brokers and every topic, with the configured
// security; each failure says what is wrong.
func TestConfigCheck(t *testing.T) {
	b := kafkatest.Start(t)
	topics := []string{"--topics.emails", b.Topic(t, "cc.emails", 2), "--topics.tickets", b.Topic(t, "cc.tickets", 1),
		"--topics.orders", b.Topic(t, "cc.orders", 1), "--topics.routed", b.Topic(t, "cc.routed", 1), "--topics.dlq", b.Topic(t, "cc.dlq", 1)}
	sec, _ := kafkatest.StartSecure(t, "SCRAM-SHA-256")
	secTopics := []string{"--topics.emails", "", "--topics.tickets", sec.Topic(t, "cc.tickets", 3), "--topics.routed", sec.Topic(t, "cc.routed", 1),
		"--topics.dlq", sec.Topic(t, "cc.dlq", 1)}
	cases := []struct {
		name       string
		args       []string
		code       int
		out, error string
	}{
		{"valid, not connecting", []string{"--kafka.brokers", "127.0.0.1:1"}, 0, "configuration is valid", ""},
		{"missing rules file", []string{"--kafka.brokers", "127.0.0.1:1", "--rules.file", "/nonexistent/rules.yaml"}, 2, "", "/nonexistent/rules.yaml"},
		{"missing SASL password file", []string{"--kafka.brokers", "k:9092", "--kafka.sasl.mechanism", "plain", "--kafka.sasl.username", "u", "--kafka.sasl.password_file", "/nonexistent/pw"}, 2, "", "kafka.sasl.password_file"},
		{"missing CA file", []string{"--kafka.brokers", "k:9092", "--kafka.tls.ca_file", "/nonexistent/ca.pem"}, 2, "", "kafka.tls.ca_file"},
		{"connect", append(append([]string{"--connect"}, b.Flags()...), topics...), 0, "partitions", ""},
		{"connect, topic missing", append(append([]string{"--connect"}, b.Flags()...), "--topics.tickets", "no.such.topic.cc"), 1, "", "no.such.topic.cc"},
		{"connect over mTLS + SCRAM", append(append([]string{"--connect"}, sec.Flags()...), secTopics...), 0, "3 partitions", ""},
		{"connect, wrong password", append(append(append([]string{"--connect"}, sec.Flags()...), secTopics...), "--kafka.sasl.password", "wrong"), 1, "", "kafka.sasl"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := dispatch(context.Background(), append([]string{"config", "check"}, c.args...), &out, &errb, env(nil))
			if code != c.code || !strings.Contains(out.String(), c.out) || !strings.Contains(errb.String(), c.error) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s\nwant stdout ~ %q, stderr ~ %q", code, c.code, out.String(), errb.String(), c.out, c.error)
			}
			if strings.Contains(out.String()+errb.String(), kafkatest.SecurePassword) {
				t.Fatal("config check printed the SASL password")
			}
		})
	}
}
