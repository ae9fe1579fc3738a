package learn

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkaauth"
	"github.com/triage/triage/internal/kafkatest"
	"github.com/triage/triage/processors"
)

func ticketRecord(topic, id, body string) kafka.Message {
	v := fmt.Sprintf(`{"ticket_id":%q,"subject":"","body":%q,"channel":"web","customer":{"id":"c"},"created_at":"2026-11-01T09:00:00Z"}`, id, body)
	return kafka.Message{Topic: topic, Key: []byte(id), Value: []byte(v)}
}

// routedEvent is a published routing event for the ticket at offset.
func routedEvent(topic, tickets string, offset int64, at time.Time, queue, source, reason string) kafka.Message {
	v := fmt.Sprintf(`{"specversion":"1.0","id":"e%d-%s","source":"triage","type":"triage.ticket.routed.v1","time":%q,`+
		`"data":{"decision":{"queue":%q},"input":{"topic":%q,"partition":0,"offset":%d,"id":"t%d"},`+
		`"processor":{"name":"route","version":"v"},"provenance":{"source":%q,"fallback_reason":%q,"engine_version":"v"}}}`,
		offset, source, at.Format(time.RFC3339Nano), queue, tickets, offset, offset, source, reason)
	return kafka.Message{Topic: topic, Key: []byte(fmt.Sprint(offset)), Value: []byte(v), Time: at}
}

// TestReadDecisions: from a window of published events, the validated LLM
// answers (llm, cache) and the corrections (human, weighing more) are kept
// with their input text; rules decisions and fallbacks are counted, and a
// correction supersedes the LLM answer it corrects.
func TestReadDecisions(t *testing.T) {
	b := kafkatest.Start(t)
	tickets, routed := b.Topic(t, "l.tickets", 1), b.Topic(t, "l.routed", 1)
	bodies := []string{"charged twice", "app crashes", "parcel late", "hello", "my invoice came with the wrong parcel"}
	var in []kafka.Message
	for i, body := range bodies {
		in = append(in, ticketRecord(tickets, fmt.Sprintf("t%d", i), body))
	}
	b.Produce(t, in...)
	t0 := time.Now().Add(-time.Minute).Truncate(time.Millisecond)
	b.Produce(t,
		routedEvent(routed, tickets, 0, t0, "billing", "llm", ""),
		routedEvent(routed, tickets, 1, t0, "technical", "cache", ""),
		routedEvent(routed, tickets, 2, t0, "shipping", "rules", "timeout"),
		routedEvent(routed, tickets, 3, t0, "other", "rules", "llm_disabled"),
		routedEvent(routed, tickets, 4, t0, "shipping", "llm", ""),
		kafka.Message{Topic: routed, Value: []byte("not json"), Time: t0},
		routedEvent(routed, tickets, 4, t0.Add(time.Second), "billing", "human", ""),
	)
	w := Window{Cluster: kafkaauth.Cluster{Brokers: b.Addrs, Auth: b.Auth}, Topic: routed, Type: "triage.ticket.routed.v1",
		Kind: processors.KindTicket, HumanWeight: 3, MaxBytes: 1 << 20, Stall: 30 * time.Second}
	ds, skipped, err := ReadDecisions(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	ex := RouteExamples(ds, skipped)
	want := []Example{
		{Body: "charged twice", Label: "billing", Weight: 1, Source: SourceLLM},
		{Body: "app crashes", Label: "technical", Weight: 1, Source: SourceCache},
		{Body: "my invoice came with the wrong parcel", Label: "billing", Weight: 3, Source: SourceHuman},
	}
	if len(ex) != len(want) {
		t.Fatalf("examples %+v, want %+v", ex, want)
	}
	for i := range want {
		if ex[i] != want[i] {
			t.Errorf("example %d: %+v, want %+v", i, ex[i], want[i])
		}
	}
	wantSkipped := map[string]int{"fallback_timeout": 1, "fallback_llm_disabled": 1, "not_an_event": 1}
	if !maps.Equal(skipped, wantSkipped) {
		t.Errorf("skipped %v, want %v", skipped, wantSkipped)
	}

	// A window after the LLM's answers holds only the correction.
	w.From = t0.Add(500 * time.Millisecond)
	ds, _, err = ReadDecisions(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Source != SourceHuman {
		t.Errorf("window from %v: %+v", w.From, ds)
	}
}
