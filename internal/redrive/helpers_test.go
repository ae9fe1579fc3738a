package redrive

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/internal/kafkatest"
)

// env is a broker with an input topic, a dead-letter topic and its
// ledger's name, and the originals of the dead letters written so far.
type env struct {
	b                    *kafkatest.Broker
	tickets, dlq, ledger string
	origs                map[Coord]kafka.Message // by source coordinate
}

func newEnv(t *testing.T, dlqPartitions int) *env {
	b := kafkatest.Start(t)
	dlq := b.Topic(t, "rd.dlq", dlqPartitions)
	return &env{b: b, tickets: b.Topic(t, "rd.tickets", 2), dlq: dlq, ledger: dlq + ".redrive", origs: map[Coord]kafka.Message{}}
}

// deadLetters writes a dead letter of reason for each of n new originals
// (source offsets from `from` on), inlining values up to inlineMax, with
// record timestamp at (zero: now).
func (e *env) deadLetters(t *testing.T, reason failure.Reason, from, n, inlineMax int, at time.Time) {
	t.Helper()
	var msgs []kafka.Message
	for i := from; i < from+n; i++ {
		o := kafka.Message{Topic: e.tickets, Partition: 0, Offset: int64(i), Key: fmt.Appendf(nil, "key-%d\x00", i),
			Value: fmt.Appendf(nil, "{bad %d \xff", i), Headers: []kafka.Header{{Key: "traceparent", Value: fmt.Appendf(nil, "00-%d", i)}, {Key: "bin", Value: []byte{0, byte(i)}}}}
		e.origs[Coord{o.Topic, o.Partition, o.Offset}] = o
		dl := deadLetter(e.dlq, o, reason, inlineMax, 0)
		dl.Partition, dl.Offset, dl.Time = 0, 0, at
		msgs = append(msgs, dl)
	}
	e.b.Produce(t, msgs...)
}

func (e *env) config(runID string) Config {
	return Config{Cluster: e.b.Cluster(), DLQTopic: e.dlq, Ledger: e.ledger, RunID: runID, Select: Selector{All: true}, StallTimeout: time.Minute}
}

func (e *env) run(t *testing.T, ctx context.Context, cfg Config) *Result {
	t.Helper()
	res, err := Run(ctx, cfg)
	if err != nil {
		t.Fatalf("run %s: %v", cfg.RunID, err)
	}
	return res
}

// copies returns the re-driven records in the input topic by the dead
// letter they copy, checking each is its original byte for byte.
func (e *env) copies(t *testing.T) map[string]int {
	t.Helper()
	n := map[string]int{}
	for _, m := range e.b.ReadAll(t, e.tickets) {
		var of string
		for _, h := range m.Headers {
			if h.Key == HeaderRedriveOf {
				of = string(h.Value)
			}
		}
		if of == "" {
			t.Errorf("record at %d/%d without %s", m.Partition, m.Offset, HeaderRedriveOf)
			continue
		}
		n[of]++
		if !e.isOriginal(m) {
			t.Errorf("copy %s is no original: key %q value %q headers %q", of, m.Key, m.Value, m.Headers)
		}
	}
	return n
}

// isOriginal reports whether m is one of the originals plus the re-drive
// header.
func (e *env) isOriginal(m kafka.Message) bool {
	for _, o := range e.origs {
		if string(o.Key) == string(m.Key) {
			return string(o.Value) == string(m.Value) && len(m.Headers) == len(o.Headers)+1 &&
				sameHeaders(m.Headers[:len(o.Headers)], o.Headers) && m.Headers[len(o.Headers)].Key == HeaderRedriveOf
		}
	}
	return false
}

// once fails unless copies has exactly want keys, each once.
func once(t *testing.T, copies map[string]int, want int) {
	t.Helper()
	if len(copies) != want {
		t.Errorf("%d dead letters copied, want %d: %v", len(copies), want, copies)
	}
	for of, n := range copies {
		if n != 1 {
			t.Errorf("%s copied %d times, want once", of, n)
		}
	}
}

// hookWriter is a Writer that calls after each write of copies (not of
// ledger entries) with the write's outcome, and returns what it returns.
type hookWriter struct {
	w      Writer
	ledger string
	n      int
	after  func(n int, err error) error
}

// hooked is a hookWriter on the test broker, closed with the test.
func (e *env) hooked(t *testing.T, after func(n int, err error) error) *hookWriter {
	w := newWriter(e.b.Cluster())
	t.Cleanup(func() { w.Close() })
	return &hookWriter{w: w, ledger: e.ledger, after: after}
}

func (h *hookWriter) WriteMessages(ctx context.Context, msgs ...kafka.Message) error {
	err := h.w.WriteMessages(ctx, msgs...)
	if len(msgs) == 0 || msgs[0].Topic == h.ledger {
		return err
	}
	h.n++
	return h.after(h.n, err)
}

// brief is r's printed summary, for failure messages.
func brief(r *Result) string {
	var b strings.Builder
	r.Print(&b)
	return b.String()
}
