package pipeline_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/demo"
	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/schemas"
)

// FuzzHandle feeds the rules-only handler arbitrary records (value, key and
// one header) on each input topic and on an unknown one. It must not panic,
// and it either returns one event that is valid against its output schema,
// or an error that internal/failure classifies as an input or output
// reason a dead letter can carry (not the catch-all processor_error: a
// rules-only decision has no processor that can fail).
func FuzzHandle(f *testing.F) {
	cfg := offlineConfig("") // no LLM: the rules decide
	p, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
	if err != nil {
		f.Fatal(err)
	}
	sch, err := schemas.Load()
	if err != nil {
		f.Fatal(err)
	}
	topics := []string{cfg.Topics.Tickets, cfg.Topics.Emails, "unknown.topic"}
	outputs := map[string]string{cfg.Topics.Routed: schemas.TicketRouted, cfg.Topics.Orders: schemas.EmailOrder}
	ss, err := demo.Samples()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range ss {
		f.Add(uint8(slices.Index(topics, map[string]string{"tickets": cfg.Topics.Tickets, "emails": cfg.Topics.Emails}[s.Topic])), s.Key, s.Value, "x-trace", []byte("1"))
	}
	for _, v := range []string{"", "{}", "null", `{"ticket_id":1}`, "\xff", `{"raw_mime":"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x"}`} {
		f.Add(uint8(0), []byte(nil), []byte(v), "", []byte(nil))
		f.Add(uint8(1), []byte("k"), []byte(v), "content-type", []byte("\x00"))
	}
	allowed := slices.DeleteFunc(slices.Clone(failure.Reasons), func(r failure.Reason) bool {
		return r == failure.ProcessorError || r == failure.Panic || r == failure.PublishRefusal
	})
	f.Fuzz(func(t *testing.T, topic uint8, key, value []byte, hkey string, hval []byte) {
		m := kafka.Message{Topic: topics[int(topic)%len(topics)], Key: key, Value: value,
			Headers: []kafka.Header{{Key: hkey, Value: hval}}}
		outs, err := p.Handler.Handle(context.Background(), m)
		if err != nil {
			var ie *failure.InputError
			if r := failure.Classify(err); !errors.As(err, &ie) || !slices.Contains(allowed, r) {
				t.Fatalf("error classified %q, want one of %v: %v", r, allowed, err)
			}
			return
		}
		if len(outs) != 1 {
			t.Fatalf("%d outputs, want 1", len(outs))
		}
		name, ok := outputs[outs[0].Topic]
		if !ok {
			t.Fatalf("output topic %q", outs[0].Topic)
		}
		if err := sch.ValidateJSON(name, outs[0].Value); err != nil {
			t.Fatalf("event invalid against %s: %v", name, err)
		}
	})
}
