package consumer

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/schemas"
)

func TestDeadLetterEnvelope(t *testing.T) {
	sch, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	src := kafka.Message{Topic: "in", Partition: 3, Offset: 99, Key: []byte{0xff, 'k'}, Time: now.Add(-time.Minute),
		Headers: []kafka.Header{{Key: "traceparent", Value: []byte("00-abc")}}}
	tests := []struct {
		name      string
		value     []byte
		err       error
		inlineMax int
		reason    failure.Reason
		pointer   bool
		attempts  int
	}{
		{"invalid json inline", []byte("{oops"), failure.BadInput(failure.InvalidJSON, errors.New("offset 1")), 1024, failure.InvalidJSON, false, 1},
		{"non-utf8 inline", []byte{'"', 0xe9, '"'}, failure.BadInput(failure.NotUTF8, errors.New("byte 1")), 1024, failure.NotUTF8, false, 1},
		{"too large becomes pointer", []byte(strings.Repeat("x", 2048)), failure.BadInput(failure.TooLarge, errors.New("2048 > 1024")), 1024, failure.TooLarge, true, 1},
		{"processor error after retries", []byte(`{}`), failure.WithAttempts(fmt.Errorf("route: %w", errors.New("boom")), 4), 1024, failure.ProcessorError, false, 4},
		{"huge error text bounded", []byte(`{}`), errors.New(strings.Repeat("e", 10000)), 1024, failure.ProcessorError, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := src
			m.Value = tt.value
			out := DeadLetterFor("dlq", m, tt.err, tt.inlineMax, "v1", now)
			if err := sch.ValidateJSON(schemas.DeadLetter, out.Value); err != nil {
				t.Fatalf("envelope invalid: %v\n%s", err, out.Value)
			}
			var dl DeadLetter
			if err := json.Unmarshal(out.Value, &dl); err != nil {
				t.Fatal(err)
			}
			if dl.Reason != tt.reason || dl.Attempts != tt.attempts || dl.Source.Offset != 99 || dl.Source.Partition != 3 || dl.Source.Timestamp == nil {
				t.Errorf("envelope = %+v", dl)
			}
			if len(dl.Error) > maxErrorText+10 {
				t.Errorf("error text %d bytes, not bounded", len(dl.Error))
			}
			if tt.pointer {
				if dl.ValueB64 != nil || dl.ValueRef == nil || dl.ValueRef.Size != len(tt.value) || len(dl.ValueRef.SHA256) != 64 {
					t.Errorf("want pointer, got %+v", dl)
				}
			} else {
				v, _ := base64.StdEncoding.DecodeString(*dl.ValueB64)
				if string(v) != string(tt.value) {
					t.Errorf("value not preserved: %q", v)
				}
			}
			k, _ := base64.StdEncoding.DecodeString(dl.KeyB64)
			h, _ := base64.StdEncoding.DecodeString(dl.Headers[0].ValueB64)
			if string(k) != string(src.Key) || string(out.Key) != string(src.Key) || string(h) != "00-abc" {
				t.Errorf("key/headers not preserved")
			}
			if out.Topic != "dlq" || string(out.Headers[0].Value) != string(tt.reason) || string(out.Headers[1].Value) != "in/3/99" {
				t.Errorf("record headers = %v", out.Headers)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	good := Config{Brokers: []string{"b:1"}, GroupID: "g", Topics: []string{"t"}}
	if err := good.withDefaults().validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		mod  func(*Config)
		want string
	}{
		{"no brokers", func(c *Config) { c.Brokers = nil }, "brokers"},
		{"no group", func(c *Config) { c.GroupID = "" }, "group_id"},
		{"short session", func(c *Config) { c.SessionTimeout = time.Second }, "session_timeout"},
		{"bad start", func(c *Config) { c.StartOffset = "middle" }, "start_offset"},
		{"huge inline", func(c *Config) { c.DLQInlineMaxBytes = 1 << 20 }, "dlq_inline_max_bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.mod(&c)
			err := c.withDefaults().validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want mention of %s", err, tt.want)
			}
		})
	}
}
