package redrive

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/failure"
)

// deadLetter is what the live service writes to dlq for orig failing with
// reason, read back at dlq/0/at.
func deadLetter(dlq string, orig kafka.Message, reason failure.Reason, inlineMax int, at int64) kafka.Message {
	m := consumer.DeadLetterFor(dlq, orig, failure.BadInput(reason, errors.New("bad")), inlineMax, "test", time.Now())
	m.Partition, m.Offset = 0, at
	return m
}

func original(topic string, offset int64) kafka.Message {
	return kafka.Message{Topic: topic, Partition: 1, Offset: offset, Key: []byte{'k', 0, 0xff},
		Value: []byte("{not json \x00\xff"), Headers: []kafka.Header{{Key: "a", Value: []byte{0, 1}}, {Key: "a", Value: nil}, {Key: "traceparent", Value: []byte("00-x")}}}
}

// The copy of a dead letter is the original key, value and headers byte
// for byte, plus the re-drive header.
func TestOpenRebuildsTheOriginal(t *testing.T) {
	orig := original("tickets", 7)
	l := Open(deadLetter("dlq", orig, failure.InvalidJSON, 1<<10, 3), "dlq")
	if l.Cut != "" || l.Reason != failure.InvalidJSON || l.Source != (Coord{"tickets", 1, 7}) || l.At != (Coord{"dlq", 0, 3}) {
		t.Fatalf("letter %+v", l)
	}
	c := l.Copy()
	if c.Topic != "tickets" || !bytes.Equal(c.Key, orig.Key) || !bytes.Equal(c.Value, orig.Value) {
		t.Errorf("copy %q/%q to %s, want %q/%q to tickets", c.Key, c.Value, c.Topic, orig.Key, orig.Value)
	}
	want := append(slices.Clone(orig.Headers), kafka.Header{Key: HeaderRedriveOf, Value: []byte("dlq/0/3")})
	if !sameHeaders(c.Headers, want) {
		t.Errorf("headers %q, want %q", c.Headers, want)
	}
}

// A record re-driven before and dead-lettered again carries only the new
// re-drive header.
func TestOpenReplacesAnEarlierRedriveHeader(t *testing.T) {
	orig := original("tickets", 7)
	orig.Headers = append(orig.Headers, kafka.Header{Key: HeaderRedriveOf, Value: []byte("dlq/0/1")})
	c := Open(deadLetter("dlq", orig, failure.InvalidJSON, 1<<10, 9), "dlq").Copy()
	var got []string
	for _, h := range c.Headers {
		if h.Key == HeaderRedriveOf {
			got = append(got, string(h.Value))
		}
	}
	if !slices.Equal(got, []string{"dlq/0/9"}) {
		t.Errorf("re-drive headers %q, want only dlq/0/9", got)
	}
}

func TestOpenSkipsWhatItCannotRebuild(t *testing.T) {
	big := original("tickets", 1)
	big.Value = bytes.Repeat([]byte("v"), 2000)
	bigKey := original("tickets", 1)
	bigKey.Key = bytes.Repeat([]byte("k"), 2000)
	bigHeader := original("tickets", 1)
	bigHeader.Headers = append(bigHeader.Headers, kafka.Header{Key: "h", Value: bytes.Repeat([]byte("h"), 2000)})
	for _, tc := range []struct {
		name string
		m    kafka.Message
		want string
	}{
		{"value over inline_max", deadLetter("dlq", big, failure.TooLarge, 1<<10, 1), SkipValueCut},
		{"minimal dead letter", deadLetter("dlq", original("tickets", 1), failure.InvalidJSON, 0, 1), SkipValueCut},
		{"key over 1 KiB", deadLetter("dlq", bigKey, failure.InvalidJSON, 4<<10, 1), SkipKeyCut},
		{"header over 1 KiB", deadLetter("dlq", bigHeader, failure.InvalidJSON, 4<<10, 1), SkipHeadersCut},
		{"original in the dead-letter topic", deadLetter("dlq", original("dlq", 1), failure.InvalidJSON, 1<<10, 1), SkipDLQSource},
		{"no original topic", deadLetter("dlq", original("", 1), failure.InvalidJSON, 1<<10, 1), SkipNoSource},
		{"not an envelope", kafka.Message{Topic: "dlq", Value: []byte("hello")}, SkipUnreadable},
		{"bad base64", kafka.Message{Topic: "dlq", Value: []byte(`{"reason":"invalid_json","source":{"topic":"t"},"value_b64":"%%%","headers":[]}`)}, SkipUnreadable},
	} {
		if got := Open(tc.m, "dlq").Cut; got != tc.want {
			t.Errorf("%s: Cut %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCoordRoundTrip(t *testing.T) {
	for _, c := range []Coord{{"triage.dlq", 0, 0}, {"a.b-c_d", 12, 1 << 40}} {
		if got, ok := parseCoord(c.String()); !ok || got != c {
			t.Errorf("parseCoord(%q) = %v, %v", c.String(), got, ok)
		}
	}
	for _, s := range []string{"", "x", "t/1", "/1/2", "t/x/2", "t/1/y"} {
		if c, ok := parseCoord(s); ok {
			t.Errorf("parseCoord(%q) = %v, want not ok", s, c)
		}
	}
}

func sameHeaders(a, b []kafka.Header) bool {
	return slices.EqualFunc(a, b, func(x, y kafka.Header) bool {
		return x.Key == y.Key && bytes.Equal(x.Value, y.Value)
	})
}
