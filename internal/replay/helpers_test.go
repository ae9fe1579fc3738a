package replay_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/demo"
	"github.com/triage/triage/internal/kafkaauth"
	"github.com/triage/triage/internal/kafkatest"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/internal/replay"
	"github.com/triage/triage/internal/sim"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
)

type env struct {
	b   *kafkatest.Broker
	cfg config.Config
	sim *llmsim.Server
}

// newEnv creates the topics of one test and points an LLM-enabled
// configuration at the fake LLM server, answering from the rules or with
// answer when not nil.
func newEnv(t *testing.T, partitions int, answer func(rs *rules.Rules) llmsim.Answerer) *env {
	t.Helper()
	b := kafkatest.Start(t)
	cfg := config.Default()
	cfg.Kafka.Brokers = b.Addrs
	cfg.Kafka.TLS, cfg.Kafka.SASL = b.Security.TLS, b.Security.SASL
	cfg.Topics.Emails = b.Topic(t, "r.emails", partitions)
	cfg.Topics.Tickets = b.Topic(t, "r.tickets", partitions)
	cfg.Topics.Orders = b.Topic(t, "r.orders", partitions)
	cfg.Topics.Routed = b.Topic(t, "r.routed", partitions)
	cfg.Topics.DLQ = b.Topic(t, "r.dlq", 1)
	cfg.Events.Validate = true // every event a test makes meets its schema
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	a := sim.RulesAnswerer(rs)
	if answer != nil {
		a = answer(rs)
	}
	s, url, stop, err := llmsim.Start(llmsim.Config{Model: "sim-model", RetryAfter: 100 * time.Millisecond,
		Latency: llmsim.Dist{Min: time.Millisecond, Median: 2 * time.Millisecond, P99: 5 * time.Millisecond}}, a)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	l := &cfg.LLM
	l.BaseURL, l.Model, l.APIKey = url, "sim-model", "sk-test-not-a-secret"
	// A timeout only a hang reaches: the tests count llm and cache answers,
	// and a loaded machine must not turn one into a timeout fallback.
	l.MaxRetries, l.RetryBackoff, l.Timeout, l.MinConfidence, l.CacheSize = 1, 20*time.Millisecond, 30*time.Second, 0, 1000
	return &env{b: b, cfg: cfg, sim: s}
}

func (e *env) build(t *testing.T) *pipeline.Pipeline {
	t.Helper()
	p, err := pipeline.Build(e.cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// samples returns n good tickets and n good emails of the demo set as
// records of e's input topics.
func (e *env) samples(t *testing.T, n int) (tickets, emails []kafka.Message) {
	t.Helper()
	ss, err := demo.Samples()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		switch {
		case s.WantReason != "":
		case s.Topic == "tickets" && len(tickets) < n:
			tickets = append(tickets, kafka.Message{Topic: e.cfg.Topics.Tickets, Key: s.Key, Value: s.Value})
		case s.Topic == "emails" && len(emails) < n:
			emails = append(emails, kafka.Message{Topic: e.cfg.Topics.Emails, Key: s.Key, Value: s.Value})
		}
	}
	if len(tickets) < n || len(emails) < n {
		t.Fatalf("only %d tickets and %d emails in the samples", len(tickets), len(emails))
	}
	return tickets, emails
}

// run replays w through p with run id and the tweaks of mod.
func (e *env) run(t *testing.T, p *pipeline.Pipeline, runID string, w replay.Window, mod func(*replay.Config)) *replay.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ranges, err := replay.Resolve(ctx, e.cluster(t), w)
	if err != nil {
		t.Fatal(err)
	}
	p.Handler.ReplayID = runID
	cfg := replay.Config{Brokers: e.cfg.Kafka.Brokers, Auth: e.cluster(t).Auth, Ranges: ranges, Handler: p.Handler, RunID: runID, From: w.From, To: w.To,
		DLQTopic: e.cfg.Topics.DLQ, DLQInlineMaxBytes: 1 << 10, Version: "test", StallTimeout: time.Minute}
	if mod != nil {
		mod(&cfg)
	}
	res, err := replay.Run(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stopped {
		t.Fatal("replay stopped before the end")
	}
	return res
}

func (e *env) index(t *testing.T) *replay.Index {
	t.Helper()
	x, err := replay.BuildIndex(context.Background(), e.cluster(t), []string{e.cfg.Topics.Routed, e.cfg.Topics.Orders}, 16<<20, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// event is a published event as a subscriber reads it.
type event struct {
	pipeline.CloudEvent
	Data struct {
		Decision   json.RawMessage       `json:"decision"`
		Input      pipeline.InputRef     `json:"input"`
		Processor  pipeline.ProcessorRef `json:"processor"`
		Provenance processors.Provenance `json:"provenance"`
	} `json:"data"`
	header map[string]string
}

func (ev event) source() string {
	return ev.Data.Provenance.Source + "/" + ev.Data.Provenance.FallbackReason
}

func (ev event) coord() string {
	return fmt.Sprintf("%s/%d/%d", ev.Data.Input.Topic, ev.Data.Input.Partition, ev.Data.Input.Offset)
}

func (e *env) events(t *testing.T, topics ...string) []event {
	t.Helper()
	var out []event
	for _, topic := range topics {
		for _, m := range e.b.ReadAll(t, topic) {
			var ev event
			v, err := pipeline.EventJSON(m) // either events.mode
			if err == nil {
				err = json.Unmarshal(v, &ev)
			}
			if err != nil {
				t.Fatalf("%s: %v", m.Value, err)
			}
			ev.header = map[string]string{}
			for _, h := range m.Headers {
				ev.header[h.Key] = string(h.Value)
			}
			out = append(out, ev)
		}
	}
	return out
}

func simRules(rs *rules.Rules) llmsim.Answerer { return sim.RulesAnswerer(rs) }

// cluster is the test broker with its security, from the configuration.
func (e *env) cluster(t testing.TB) kafkaauth.Cluster {
	t.Helper()
	c, err := e.cfg.Kafka.Cluster()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
