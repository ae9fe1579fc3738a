package pipeline_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/pipeline"
)

// BenchmarkThroughput measures end-to-end messages per second through Kafka
// for the rules path (decode, schema check, route, CloudEvent, schema check,
// publish with acks=all, ordered commit) against two plain kafka-go
// consume→produce passthroughs measured in the same run on the same broker:
//   - naive: ReadMessage, synchronous WriteMessages (acks=all), one at a time,
//     the usual hand-written glue;
//   - async: FetchMessage and an Async writer (acks=all), commits every 1s,
//     no processing and no delivery guarantee: kafka-go's ceiling.
//
// Each side drains the same pre-produced backlog of tickets over 100 keys
// on 4 partitions; timing runs from its first fetched record to its last
// finished one, so group joins are excluded. Run:
//
//	go test -run XXX -bench Throughput -benchtime 3x ./internal/pipeline/
//
// (KAFKA_BROKERS=host:port to run it on a real broker.)
func BenchmarkThroughput(b *testing.B) {
	const n, keys, partitions = 4000, 100, 4
	var tRules, tNaive, tAsync time.Duration
	for i := 0; i < b.N; i++ {
		w := newWorld(b, partitions)
		w.cfg.Topics.Emails = ""
		in := make([]kafka.Message, n)
		for j := range in {
			in[j] = kafka.Message{Key: []byte(fmt.Sprintf("cus_%d", j%keys)), Value: []byte(fmt.Sprintf(
				`{"ticket_id":"T-%d","subject":"Charged twice for my subscription","body":"Hello, my card was charged twice this month for invoice %d. Please refund the duplicate payment.","channel":"web","customer":{"id":"cus_%d"},"created_at":"2026-11-27T10:00:00Z"}`, j, j, j%keys))}
		}
		tRules += drain(b, w, in, func(ctx context.Context, done *atomic.Int64, first chan<- time.Time) {
			p, err := pipeline.Build(w.cfg, slog.New(slog.DiscardHandler), "bench", pipeline.Hooks{})
			if err != nil {
				b.Fatal(err)
			}
			go watch(ctx, func() int64 { s := p.Runner.Stats(); return s.Fetched }, func() int64 { s := p.Runner.Stats(); return s.Published + s.DeadLettered }, done, first)
			_ = p.Runner.Run(ctx)
		})
		tNaive += drain(b, w, in, passthrough(w, false))
		tAsync += drain(b, w, in, passthrough(w, true))
	}
	rate := func(d time.Duration) float64 { return float64(n*b.N) / d.Seconds() }
	b.ReportMetric(rate(tRules), "rules_msg/s")
	b.ReportMetric(rate(tNaive), "naive_msg/s")
	b.ReportMetric(rate(tAsync), "async_msg/s")
	b.ReportMetric(rate(tRules)/rate(tNaive), "rules/naive")
	b.ReportMetric(rate(tRules)/rate(tAsync), "rules/async")
}

// drain produces msgs to a fresh input topic, runs consume on it and returns
// the time from its first fetch to its n-th finished record.
func drain(b *testing.B, w *world, msgs []kafka.Message, consume func(ctx context.Context, done *atomic.Int64, first chan<- time.Time)) time.Duration {
	b.Helper()
	w.cfg.Topics.Tickets = w.b.Topic(b, "bench.in", 4)
	w.cfg.Kafka.GroupID = fmt.Sprintf("bench-%d", time.Now().UnixNano())
	for i := range msgs {
		msgs[i].Topic = w.cfg.Topics.Tickets
	}
	w.b.Produce(b, msgs...)
	ctx, cancel := context.WithCancel(context.Background())
	var done atomic.Int64
	first := make(chan time.Time, 1)
	stopped := make(chan struct{})
	go func() { consume(ctx, &done, first); close(stopped) }()
	var start time.Time
	select {
	case start = <-first:
	case <-time.After(60 * time.Second):
		b.Fatal("nothing fetched within 60s")
	}
	for done.Load() < int64(len(msgs)) {
		if time.Since(start) > 5*time.Minute {
			b.Fatalf("only %d of %d finished", done.Load(), len(msgs))
		}
		time.Sleep(time.Millisecond)
	}
	elapsed := time.Since(start)
	cancel()
	<-stopped
	return elapsed
}

// watch copies progress counters into done and reports the first fetch.
func watch(ctx context.Context, fetched, finished func() int64, done *atomic.Int64, first chan<- time.Time) {
	sent := false
	for ctx.Err() == nil {
		if !sent && fetched() > 0 {
			first <- time.Now()
			sent = true
		}
		done.Store(finished())
		time.Sleep(500 * time.Microsecond)
	}
}

// passthrough is the plain kafka-go baseline: copy each record to the
// output topic unchanged.
func passthrough(w *world, async bool) func(ctx context.Context, done *atomic.Int64, first chan<- time.Time) {
	return func(ctx context.Context, done *atomic.Int64, first chan<- time.Time) {
		r := kafka.NewReader(kafka.ReaderConfig{Brokers: w.b.Addrs, GroupID: w.cfg.Kafka.GroupID, Topic: w.cfg.Topics.Tickets,
			MinBytes: 1, MaxBytes: 16 << 20, MaxWait: 250 * time.Millisecond, CommitInterval: time.Second, StartOffset: kafka.FirstOffset})
		defer r.Close()
		wr := &kafka.Writer{Addr: kafka.TCP(w.b.Addrs...), Topic: w.cfg.Topics.Routed, Balancer: &kafka.Murmur2Balancer{},
			RequiredAcks: kafka.RequireAll, BatchTimeout: 5 * time.Millisecond, Async: async}
		if async {
			wr.Completion = func(msgs []kafka.Message, err error) {
				if err == nil {
					done.Add(int64(len(msgs)))
				}
			}
		}
		defer wr.Close()
		for i := 0; ; i++ {
			m, err := r.FetchMessage(ctx)
			if err != nil {
				return
			}
			if i == 0 {
				first <- time.Now()
			}
			if err := wr.WriteMessages(ctx, kafka.Message{Key: m.Key, Value: m.Value}); err != nil {
				return
			}
			if !async {
				done.Add(1)
			}
			_ = r.CommitMessages(ctx, m)
		}
	}
}
