package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/internal/sim"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
)

// BenchmarkLLMThroughput drives the LLM path (cascade with breaker, no
// cache) through Kafka against the fake server at a fixed latency L and
// in-flight bound C. The ideal is C/L decisions per second; the benchmark
// reports the achieved rate and its ratio to that bound, and fails if any
// key's outputs come out of order. Run:
//
//	go test -run XXX -bench LLMThroughput -benchtime 2x ./internal/pipeline/
func BenchmarkLLMThroughput(b *testing.B) {
	const n, keys, inFlight, latency = 1200, 300, 32, 50 * time.Millisecond
	rs, _ := rules.Default()
	var total time.Duration
	for i := 0; i < b.N; i++ {
		w := newWorld(b, 4)
		w.cfg.Topics.Emails = ""
		srv, url, stop, err := llmsim.Start(llmsim.Config{Model: "sim", Latency: llmsim.Dist{Min: latency, Median: latency, P99: latency}}, sim.RulesAnswerer(rs))
		if err != nil {
			b.Fatal(err)
		}
		w.cfg.LLM.BaseURL, w.cfg.LLM.Model, w.cfg.LLM.CacheSize, w.cfg.LLM.MinConfidence = url, "sim", 0, 0
		w.cfg.Kafka.MaxInFlight = inFlight
		in := make([]kafka.Message, n)
		for j := range in {
			k := j % keys
			in[j] = kafka.Message{Key: []byte(fmt.Sprintf("cus_%d", k)), Value: []byte(fmt.Sprintf(
				`{"ticket_id":"T-%d-%d","subject":"Charged twice","body":"My card was charged twice for invoice %d, please refund.","channel":"web","customer":{"id":"cus_%d"},"created_at":"2026-11-27T10:00:00Z"}`, k, j/keys, j, k))}
		}
		total += drain(b, w, in, func(ctx context.Context, done *atomic.Int64, first chan<- time.Time) {
			p, err := pipeline.Build(w.cfg, slog.New(slog.DiscardHandler), "bench", pipeline.Hooks{})
			if err != nil {
				b.Fatal(err)
			}
			go watch(ctx, func() int64 { return p.Runner.Stats().Fetched }, func() int64 { s := p.Runner.Stats(); return s.Published + s.DeadLettered }, done, first)
			_ = p.Runner.Run(ctx)
		})
		if got := srv.Stats().OK; got != n {
			b.Fatalf("LLM answered %d of %d", got, n)
		}
		stop()
		checkKeyOrder(b, w.b.ReadAll(b, w.cfg.Topics.Routed))
	}
	rate := float64(n*b.N) / total.Seconds()
	bound := float64(inFlight) / latency.Seconds()
	b.ReportMetric(rate, "llm_msg/s")
	b.ReportMetric(bound, "bound_msg/s")
	b.ReportMetric(rate/bound, "ratio_to_C/L")
}

// checkKeyOrder fails when a key's ticket sequence numbers (T-<key>-<seq>)
// are not increasing on the output topic.
func checkKeyOrder(b *testing.B, msgs []kafka.Message) {
	last := map[string]int{}
	for _, m := range msgs {
		var ev struct {
			Subject string `json:"subject"`
			Data    struct {
				Provenance struct{ Source string } `json:"provenance"`
			} `json:"data"`
		}
		if err := json.Unmarshal(m.Value, &ev); err != nil {
			b.Fatal(err)
		}
		if ev.Data.Provenance.Source != "llm" {
			b.Fatalf("event %s decided by %s", ev.Subject, ev.Data.Provenance.Source)
		}
		parts := strings.Split(ev.Subject, "-")
		seq, _ := strconv.Atoi(parts[2])
		if prev, ok := last[parts[1]]; ok && seq <= prev {
			b.Fatalf("key %s out of order: %d after %d", parts[1], seq, prev)
		}
		last[parts[1]] = seq
	}
}
