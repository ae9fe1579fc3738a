package review

import (
	"context"
	"log/slog"
	"sync"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/kafkaauth"
)

// Follow reads every partition of the review and corrections topics from
// their first offsets and keeps following them (consumer.Follow), adding
// tasks and closing the ones corrected to b. It blocks until ctx is
// cancelled (returning nil) or a topic cannot be listed; a partition whose
// reads fail is retried after a pause, logged.
func Follow(ctx context.Context, c kafkaauth.Cluster, reviewTopic, correctionsTopic string, b *Board, log *slog.Logger) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 2)
	var wg sync.WaitGroup
	for _, t := range []struct {
		topic string
		add   func([]byte) bool
	}{{reviewTopic, b.AddTask}, {correctionsTopic, b.AddCorrection}} {
		wg.Go(func() {
			err := consumer.Follow(ctx, c, t.topic, func(m kafka.Message) {
				if !t.add(m.Value) {
					log.Warn("review: record skipped: not a review task or correction", "topic", t.topic, "partition", m.Partition, "offset", m.Offset)
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
