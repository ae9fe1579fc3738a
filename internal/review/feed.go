package review

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/kafkaauth"
)

// Sink takes the records of the two topics: AddTask each review task,
// AddCorrection each correction; each reports false for a record that is
// not one. Board and Stats are sinks.
type Sink interface {
	AddTask(value []byte) bool
	AddCorrection(value []byte) bool
}

// Follow reads every partition of the review and corrections topics from
// their first offsets and keeps following them (consumer.Follow), handing
// every record to each sink. It blocks until ctx is cancelled (returning
// nil) or a topic cannot be listed; a partition whose reads fail is
// retried after a pause, logged.
func Follow(ctx context.Context, c kafkaauth.Cluster, reviewTopic, correctionsTopic string, log *slog.Logger, sinks ...Sink) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 2)
	var wg sync.WaitGroup
	for _, t := range []struct {
		topic string
		add   func(Sink, []byte) bool
	}{{reviewTopic, Sink.AddTask}, {correctionsTopic, Sink.AddCorrection}} {
		wg.Go(func() {
			err := consumer.Follow(ctx, c, t.topic, func(m kafka.Message) {
				for _, s := range sinks {
					if !t.add(s, m.Value) {
						log.Warn("review: record skipped: not a review task or correction", "topic", t.topic, "partition", m.Partition, "offset", m.Offset)
						return
					}
				}
			}, nil, log)
			if err != nil {
				cancel()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Watch registers a Stats on reg and follows the review and corrections
// topics into it in the background ("triage run" with review.enabled, so
// that the backlog's metrics come with the service's own). stop cancels
// the follower and waits for it. A follower that fails (a topic cannot be
// listed) is logged; the figures then stay as they were.
func Watch(ctx context.Context, c kafkaauth.Cluster, reviewTopic, correctionsTopic string, reg prometheus.Registerer, log *slog.Logger) (stop func(), err error) {
	s := NewStats(nil)
	if err := reg.Register(s); err != nil {
		return nil, fmt.Errorf("review: register the backlog metrics: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := Follow(ctx, c, reviewTopic, correctionsTopic, log, s); err != nil {
			log.Error("review: the backlog metrics stopped", "err", err)
		}
	}()
	return func() { cancel(); <-done }, nil
}
