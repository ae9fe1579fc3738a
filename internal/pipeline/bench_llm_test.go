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

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/internal/sim"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
)

// BenchmarkLLMThroughput drives the LLM path (cascade with breaker, no
// cache) through Kafka against the fake server at a fixed latency L, with
// llm.concurrency C and kafka.max_in_flight at its default (above C). The
// ideal is C/L decisions per second; the benchmark reports the achieved
// rate and its ratio to that bound, and fails if any key's outputs come
// out of order. Run:
//
//	go test -run XXX -bench LLMThroughput -benchtime 2x ./internal/pipeline/
func BenchmarkLLMThroughput(b *testing.B) {
	for _, c := range []struct {
		concurrency, keys int
		latency           time.Duration
	}{{32, 300, 50 * time.Millisecond}, {64, 1000, 200 * time.Millisecond}, {256, 1000, 200 * time.Millisecond}} {
		b.Run(fmt.Sprintf("C=%d,L=%s", c.concurrency, c.latency), func(b *testing.B) {
			benchLLM(b, c.concurrency, c.keys, c.latency)
		})
	}
}

func benchLLM(b *testing.B, concurrency, keys int, latency time.Duration) {
	// About 8 s at the bound, so that start and end weigh little.
	n := max(1200, int(8*float64(concurrency)/latency.Seconds()))
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
		w.cfg.LLM.Concurrency = concurrency
		w.cfg.Kafka.MaxInFlight = config.Default().Kafka.MaxInFlight
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
		if got := srv.Stats().OK; got != int64(n) {
			b.Fatalf("LLM answered %d of %d", got, n)
		}
		stop()
		checkKeyOrder(b, w.b.ReadAll(b, w.cfg.Topics.Routed))
	}
	rate := float64(n*b.N) / total.Seconds()
	bound := float64(concurrency) / latency.Seconds()
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
