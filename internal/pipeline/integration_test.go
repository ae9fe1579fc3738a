package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/demo"
	"github.com/triage/triage/internal/kafkatest"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/schemas"
)

type world struct {
	b   *kafkatest.Broker
	cfg config.Config
}

func newWorld(t testing.TB, partitions int) *world {
	b := kafkatest.Start(t)
	cfg := config.Default()
	cfg.Kafka.Brokers = b.Addrs
	cfg.Kafka.TLS, cfg.Kafka.SASL = b.Security.TLS, b.Security.SASL
	cfg.Kafka.GroupID = fmt.Sprintf("pipe-%d", time.Now().UnixNano())
	cfg.Kafka.CommitInterval = 50 * time.Millisecond
	cfg.Topics.Emails = b.Topic(t, "p.emails", partitions)
	cfg.Topics.Tickets = b.Topic(t, "p.tickets", partitions)
	cfg.Topics.Orders = b.Topic(t, "p.orders", partitions)
	cfg.Topics.Routed = b.Topic(t, "p.routed", partitions)
	cfg.Topics.DLQ = b.Topic(t, "p.dlq", 1)
	// Tests validate every event against its schema; benchmarks measure
	// the service as it runs by default.
	_, bench := t.(*testing.B)
	cfg.Events.Validate = !bench
	return &world{b: b, cfg: cfg}
}

func (w *world) publishSamples(t testing.TB) []demo.Sample {
	ss, err := demo.Samples()
	if err != nil {
		t.Fatal(err)
	}
	var msgs []kafka.Message
	for _, s := range ss {
		topic := w.cfg.Topics.Tickets
		if s.Topic == "emails" {
			topic = w.cfg.Topics.Emails
		}
		msgs = append(msgs, kafka.Message{Topic: topic, Key: s.Key, Value: s.Value})
	}
	w.b.Produce(t, msgs...)
	return ss
}

// runUntil runs a pipeline until n records are finished, then stops it.
func (w *world) runUntil(t testing.TB, n int64) consumer.Stats {
	t.Helper()
	return w.runUntilHooks(t, n, pipeline.Hooks{})
}

// runUntilHooks is runUntil with observation hooks.
func (w *world) runUntilHooks(t testing.TB, n int64, hooks pipeline.Hooks) consumer.Stats {
	t.Helper()
	p, err := pipeline.Build(w.cfg, slog.New(slog.DiscardHandler), "test", hooks)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	deadline := time.Now().Add(60 * time.Second)
	for s := p.Runner.Stats(); s.Published+s.DeadLettered < n; s = p.Runner.Stats() {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("only %d of %d records finished", s.Published+s.DeadLettered, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	return p.Runner.Stats()
}

// Every sample becomes exactly one output: a schema-valid event or a dead
// letter with the expected reason.
func TestIntegrationPipelineSamplesEndToEnd(t *testing.T) {
	w := newWorld(t, 3)
	ss := w.publishSamples(t)
	st := w.runUntil(t, int64(len(ss)))
	sch, _ := schemas.Load()

	wantDead := map[string]int{}
	for _, s := range ss {
		if s.WantReason != "" {
			wantDead[s.WantReason]++
		}
	}
	routed := w.b.ReadAll(t, w.cfg.Topics.Routed)
	orders := w.b.ReadAll(t, w.cfg.Topics.Orders)
	dead := w.b.ReadAll(t, w.cfg.Topics.DLQ)
	if got := len(routed) + len(orders) + len(dead); got != len(ss) || st.Published+st.DeadLettered != int64(len(ss)) {
		t.Fatalf("outputs %d (routed %d, orders %d, dlq %d), stats %+v; want %d", got, len(routed), len(orders), len(dead), st, len(ss))
	}
	for name, msgs := range map[string][]kafka.Message{schemas.TicketRouted: routed, schemas.EmailOrder: orders, schemas.DeadLetter: dead} {
		for _, m := range msgs {
			if err := sch.ValidateJSON(name, m.Value); err != nil {
				t.Errorf("%s output invalid: %v\n%s", name, err, m.Value)
			}
		}
	}
	gotDead := map[string]int{}
	for _, m := range dead {
		var dl consumer.DeadLetter
		_ = json.Unmarshal(m.Value, &dl)
		gotDead[string(dl.Reason)]++
	}
	if fmt.Sprint(gotDead) != fmt.Sprint(wantDead) {
		t.Errorf("dead letters by reason = %v, want %v", gotDead, wantDead)
	}
	// Output keys follow input keys, so one customer's follow-ups stay in
	// order on the output topic too.
	byKey := map[string][]string{}
	for _, m := range routed {
		var ev pipeline.CloudEvent
		_ = json.Unmarshal(m.Value, &ev)
		byKey[string(m.Key)] = append(byKey[string(m.Key)], ev.Subject)
	}
	if got := byKey["cus_4d8b12"]; len(got) != 2 || got[0] != "TCK-10238" || got[1] != "TCK-10251" {
		t.Errorf("follow-up order for cus_4d8b12 = %v", got)
	}
}

// A replay of the same records by another group (or a redelivery) yields
// the same event ids.
func TestIntegrationPipelineEventIDsStableAcrossRuns(t *testing.T) {
	w := newWorld(t, 2)
	ss := w.publishSamples(t)
	w.runUntil(t, int64(len(ss)))
	first := ids(t, w.b.ReadAll(t, w.cfg.Topics.Routed))
	w.cfg.Kafka.GroupID += "-replay"
	w.runUntil(t, int64(len(ss)))
	both := ids(t, w.b.ReadAll(t, w.cfg.Topics.Routed))
	if len(first) == 0 || len(both) != len(first) {
		t.Fatalf("distinct ids: first run %d, after second run %d", len(first), len(both))
	}
	for id, n := range both {
		if n != 2 {
			t.Errorf("event %s published %d times over two runs, want 2 (same id both times)", id, n)
		}
	}
}

func ids(t *testing.T, msgs []kafka.Message) map[string]int {
	out := map[string]int{}
	for _, m := range msgs {
		var ev pipeline.CloudEvent
		if err := json.Unmarshal(m.Value, &ev); err != nil {
			t.Fatal(err)
		}
		out[ev.ID]++
	}
	return out
}
