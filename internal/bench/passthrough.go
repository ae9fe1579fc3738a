package bench

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/chaos"
	"github.com/triage/triage/internal/kafkaauth"
)

// HeaderInput is the header the passthrough adds to each copy: the input
// record's "topic/partition/offset", so latency can be matched to inputs.
const HeaderInput = "triage-bench-input"

// passthroughWindow bounds records copied and not yet acknowledged.
const passthroughWindow = 4096

// passthrough is the raw kafka-go baseline: a consumer group reads the
// inputs, an async acks=all batching writer copies each record (key,
// value, headers) to the output topic, and an input is committed once its
// copy is acknowledged. No decoding, no deciding: the client's ceiling
// with the same delivery guarantee as triage.
type passthrough struct {
	spec          PhaseSpec
	cluster       kafkaauth.Cluster
	fetched, done atomic.Int64

	mu  sync.Mutex
	err error // the first failure
}

func newPassthrough(spec PhaseSpec) (*passthrough, error) {
	c, err := spec.Config.Kafka.Cluster()
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	return &passthrough{spec: spec, cluster: c}, nil
}

// run copies until ctx ends or a write fails; it returns the write error
// (nil when stopped by ctx).
func (p *passthrough) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c := p.cluster
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: c.Brokers, Dialer: c.Auth.Dialer(10 * time.Second), GroupID: p.spec.Group, GroupTopics: p.spec.Inputs,
		MinBytes: 1, MaxBytes: 16 << 20, MaxWait: 250 * time.Millisecond, CommitInterval: p.spec.Config.Kafka.CommitInterval, StartOffset: kafka.FirstOffset})
	defer r.Close()
	w := newWriter(c, true)
	w.Topic, w.BatchTimeout = p.spec.Output, p.spec.Config.Kafka.BatchTimeout
	window := make(chan struct{}, passthroughWindow)
	w.Completion = func(msgs []kafka.Message, err error) {
		if err != nil {
			p.fail(fmt.Errorf("bench: passthrough write: %w", c.Auth.Explain(err)))
			cancel()
			return
		}
		ins := make([]kafka.Message, len(msgs))
		for i, m := range msgs {
			ins[i] = m.WriterData.(kafka.Message)
			<-window
		}
		if err := r.CommitMessages(ctx, ins...); err != nil && ctx.Err() == nil {
			p.fail(fmt.Errorf("bench: passthrough commit: %w", err))
			cancel()
		}
		p.done.Add(int64(len(msgs)))
	}
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			break
		}
		p.fetched.Add(1)
		select {
		case window <- struct{}{}:
		case <-ctx.Done():
		}
		in := kafka.Message{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset} // what CommitMessages needs
		h := append(m.Headers[:len(m.Headers):len(m.Headers)], kafka.Header{Key: HeaderInput, Value: coordOf(m.Topic, m.Partition, m.Offset)})
		if err := w.WriteMessages(ctx, kafka.Message{Key: m.Key, Value: m.Value, Headers: h, WriterData: in}); err != nil {
			if ctx.Err() == nil {
				p.fail(fmt.Errorf("bench: passthrough write: %w", err))
			}
			break
		}
	}
	_ = w.Close() // flushes: every Completion has run
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

func (p *passthrough) fail(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err == nil {
		p.err = err
	}
}

// coordOf is "topic/partition/offset".
func coordOf(topic string, partition int, offset int64) []byte {
	b := append([]byte(topic), '/')
	b = strconv.AppendInt(b, int64(partition), 10)
	b = append(b, '/')
	return strconv.AppendInt(b, offset, 10)
}

// parseCoord reads "topic/partition/offset" (the topic may hold slashes).
func parseCoord(s string) (chaos.Coord, error) {
	j := strings.LastIndexByte(s, '/')
	i := strings.LastIndexByte(s[:max(j, 0)], '/')
	if i <= 0 {
		return chaos.Coord{}, fmt.Errorf("bench: %q is not topic/partition/offset", s)
	}
	p, err1 := strconv.Atoi(s[i+1 : j])
	off, err2 := strconv.ParseInt(s[j+1:], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return chaos.Coord{}, fmt.Errorf("bench: %q is not topic/partition/offset: %w", s, err)
	}
	return chaos.Coord{Topic: s[:i], Partition: p, Offset: off}, nil
}
