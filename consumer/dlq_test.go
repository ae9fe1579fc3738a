package consumer

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
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
			h, _ := base64.StdEncoding.DecodeString(*dl.Headers[0].ValueB64)
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

// Every dead-letter reason is one the schema accepts.
func TestDeadLetterEveryReasonValidates(t *testing.T) {
	sch, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	m := kafka.Message{Topic: "in", Value: []byte("x")}
	for _, r := range failure.Reasons {
		out := DeadLetterFor("dlq", m, failure.BadInput(r, errors.New("x")), 1024, "v1", time.Unix(0, 0))
		if err := sch.ValidateJSON(schemas.DeadLetter, out.Value); err != nil {
			t.Errorf("reason %s: %v", r, err)
		}
	}
}

// The two records of issue 9 the broker accepted but whose dead letters it
// refused: a 600 KB key and an 800 KB header, each with a value that is not
// JSON.
func TestDeadLetterOfIssueRecordsIsSmall(t *testing.T) {
	for name, m := range map[string]kafka.Message{
		"600 KB key":    {Topic: "in", Key: bytes.Repeat([]byte("k"), 600_000), Value: []byte("{oops")},
		"800 KB header": {Topic: "in", Key: []byte("k"), Value: []byte("{oops"), Headers: []kafka.Header{{Key: "h", Value: bytes.Repeat([]byte("h"), 800_000)}}},
	} {
		out := DeadLetterFor("dlq", m, failure.BadInput(failure.InvalidJSON, errors.New("offset 1")), 256<<10, "v1", time.Unix(0, 0))
		if n := recordSize(out); n > 32<<10 {
			t.Errorf("%s: dead letter of %d bytes, want at most 32 KiB", name, n)
		}
	}
}

// Property: whatever the shape of a record the broker accepted (key, value
// and headers under 1,000,000 bytes), its dead letter stays under
// DeadLetterMaxSize(inlineMax) = 4/3·inlineMax + 32 KiB (under 1,000,000 bytes for
// every valid inlineMax), validates against the schema, and keeps what it
// copies exactly and what it cuts as size and SHA-256.
func TestDeadLetterAlwaysFitsTheBroker(t *testing.T) {
	sch, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	if DeadLetterMaxSize(700<<10) >= 1_000_000 {
		t.Fatalf("bound %d for the largest inline limit is not under 1 MB", DeadLetterMaxSize(700<<10))
	}
	rng := rand.New(rand.NewPCG(9, 2026))
	shapes := map[string]func(*rand.Rand) kafka.Message{
		"issue key": func(*rand.Rand) kafka.Message {
			return kafka.Message{Key: bytes.Repeat([]byte("k"), 600_000), Value: []byte("{oops")}
		},
		"issue header": func(*rand.Rand) kafka.Message {
			return kafka.Message{Value: []byte("{oops"), Headers: []kafka.Header{{Key: "x", Value: bytes.Repeat([]byte("h"), 800_000)}}}
		},
		"many small headers": func(r *rand.Rand) kafka.Message {
			return kafka.Message{Headers: headers(r, r.IntN(99_000)+1, 8, 900_000)}
		},
		"one huge header": func(r *rand.Rand) kafka.Message {
			return kafka.Message{Headers: []kafka.Header{{Key: string(noise(r, r.IntN(5000))), Value: noise(r, 900_000)}}}
		},
		"huge key":   func(r *rand.Rand) kafka.Message { return kafka.Message{Key: noise(r, 999_000), Value: noise(r, 10)} },
		"huge value": func(r *rand.Rand) kafka.Message { return kafka.Message{Key: noise(r, 10), Value: noise(r, 999_000)} },
		"mixed": func(r *rand.Rand) kafka.Message {
			k, v := r.IntN(300_000), r.IntN(300_000)
			return kafka.Message{Key: noise(r, k), Value: noise(r, v), Headers: headers(r, r.IntN(300), 4000, 990_000-k-v)}
		},
	}
	for name, shape := range shapes {
		for i := range 12 {
			m := shape(rng)
			m.Topic, m.Partition, m.Offset = "in", rng.IntN(12), rng.Int64N(1<<40)
			if n := recordSize(m); n >= 1_000_000 {
				t.Fatalf("%s: generated %d bytes", name, n)
			}
			cause := errors.New(string(noise(rng, rng.IntN(12_000))))
			for _, inlineMax := range []int{0, 1024, 256 << 10, 700 << 10} {
				out := DeadLetterFor("dlq", m, cause, inlineMax, "v1", time.Unix(0, 0))
				if n := recordSize(out); n > DeadLetterMaxSize(inlineMax) {
					t.Fatalf("%s #%d inline %d: dead letter %d bytes > bound %d", name, i, inlineMax, n, DeadLetterMaxSize(inlineMax))
				}
				if err := sch.ValidateJSON(schemas.DeadLetter, out.Value); err != nil {
					t.Fatalf("%s #%d inline %d: %v", name, i, inlineMax, err)
				}
				checkCopies(t, m, out, inlineMax)
			}
		}
	}
}

// checkCopies checks that out, the dead letter of m, keeps inline parts
// byte for byte, points at cut ones with their size and hash, and keeps the
// headers in order with the rest counted.
func checkCopies(t *testing.T, m, out kafka.Message, inlineMax int) {
	t.Helper()
	var dl DeadLetter
	if err := json.Unmarshal(out.Value, &dl); err != nil {
		t.Fatal(err)
	}
	same := func(part string, orig []byte, b64 *string, ref *Cut) {
		switch {
		case b64 != nil && ref == nil:
			if got, _ := base64.StdEncoding.DecodeString(*b64); !bytes.Equal(got, orig) {
				t.Fatalf("%s: inline copy differs", part)
			}
		case b64 == nil && ref != nil:
			if sum := sha256.Sum256(orig); ref.Size != len(orig) || ref.SHA256 != hex.EncodeToString(sum[:]) || !slices.Contains(dl.Truncated, part) {
				t.Fatalf("%s: pointer %+v does not match %d bytes, or not in truncated %v", part, ref, len(orig), dl.Truncated)
			}
		default:
			t.Fatalf("%s: want inline or pointer, got %v %v", part, b64, ref)
		}
	}
	if dl.ValueRef != nil {
		same("value", m.Value, nil, &Cut{Size: dl.ValueRef.Size, SHA256: dl.ValueRef.SHA256})
	} else {
		same("value", m.Value, dl.ValueB64, nil)
	}
	if dl.KeyRef != nil {
		same("key", m.Key, nil, dl.KeyRef)
	} else if len(m.Key) > 0 {
		same("key", m.Key, &dl.KeyB64, nil)
	}
	if len(m.Key) <= maxKeyInline && !bytes.Equal(out.Key, m.Key) || len(m.Key) > maxKeyInline && string(out.Key) != keyStandIn+dl.KeyRef.SHA256 {
		t.Fatalf("record key %.80q for a key of %d bytes", out.Key, len(m.Key))
	}
	if inlineMax <= 0 && len(dl.Headers) > 0 {
		t.Fatalf("minimal dead letter keeps %d header entries", len(dl.Headers))
	}
	for i, h := range dl.Headers {
		same("headers", m.Headers[i].Value, h.ValueB64, h.ValueRef)
	}
	omitted := 0
	if o := dl.HeadersOmitted; o != nil {
		omitted = o.Count
	}
	if len(dl.Headers)+omitted != len(m.Headers) {
		t.Fatalf("%d headers kept + %d omitted, want %d", len(dl.Headers), omitted, len(m.Headers))
	}
}

// noise is n random bytes, mostly text with control characters, quotes and
// bytes that are not UTF-8 (the worst cases for JSON escaping).
func noise(r *rand.Rand, n int) []byte {
	const alphabet = "abc\"\\<>&\x00\x01\n\xff\xfe\xc3é"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return b
}

// headers is up to n random headers of at most max bytes each, within
// budget bytes in all.
func headers(r *rand.Rand, n, max, budget int) []kafka.Header {
	var hs []kafka.Header
	for range n {
		k, v := noise(r, r.IntN(max/2+1)), noise(r, r.IntN(max/2+1))
		if budget -= len(k) + len(v); budget < 0 {
			break
		}
		hs = append(hs, kafka.Header{Key: string(k), Value: v})
	}
	return hs
}

// recordSize is what a record weighs against the broker's limit: key,
// value, header keys and values.
func recordSize(m kafka.Message) int {
	n := len(m.Key) + len(m.Value)
	for _, h := range m.Headers {
		n += len(h.Key) + len(h.Value)
	}
	return n
}
