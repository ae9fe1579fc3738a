package chaos

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
)

// Committed returns group's committed offsets for parts (OffsetFetch); a
// partition without a committed offset, or with a partition-level error, is
// absent from the result.
func Committed(ctx context.Context, client *kafka.Client, group string, parts []Partition) (map[Partition]int64, error) {
	req := &kafka.OffsetFetchRequest{GroupID: group, Topics: map[string][]int{}}
	for _, p := range parts {
		req.Topics[p.Topic] = append(req.Topics[p.Topic], p.Partition)
	}
	resp, err := client.OffsetFetch(ctx, req)
	if err == nil {
		err = resp.Error
	}
	if err != nil {
		return nil, fmt.Errorf("chaos: offset fetch for group %s: %w", group, err)
	}
	out := map[Partition]int64{}
	for topic, ps := range resp.Topics {
		for _, p := range ps {
			if p.Error == nil && p.CommittedOffset >= 0 {
				out[Partition{topic, p.Partition}] = p.CommittedOffset
			}
		}
	}
	return out, nil
}

// Sampler reads a group's committed offsets at a fixed interval until
// stopped, keeping every answer (see Regressions).
type Sampler struct {
	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	samples []CommitSample
	errs    int
}

// StartSampler samples group's committed offsets of parts every interval
// (an OffsetFetch per tick, each bounded by the interval or 2 s, whichever
// is longer) until Stop. Unanswered fetches (broker down) are counted.
func StartSampler(brokers []string, group string, parts []Partition, every time.Duration) *Sampler {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Sampler{cancel: cancel, done: make(chan struct{})}
	timeout := max(every, 2*time.Second)
	client := &kafka.Client{Addr: kafka.TCP(brokers...), Timeout: timeout}
	go func() {
		defer close(s.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			fctx, fcancel := context.WithTimeout(ctx, timeout)
			offs, err := Committed(fctx, client, group, parts)
			fcancel()
			s.mu.Lock()
			if err != nil {
				s.errs++
			} else {
				s.samples = append(s.samples, CommitSample{At: time.Now(), Offsets: offs})
			}
			s.mu.Unlock()
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// Latest returns the most recent sample's offsets (nil before the first).
func (s *Sampler) Latest() map[Partition]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.samples) == 0 {
		return nil
	}
	return s.samples[len(s.samples)-1].Offsets
}

// Stop ends sampling and returns every sample and the number of fetches
// that got no answer.
func (s *Sampler) Stop() ([]CommitSample, int) {
	s.cancel()
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.samples, s.errs
}
