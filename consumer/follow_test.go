package consumer_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/kafkatest"
)

// followed collects what Follow hands over.
type followed struct {
	mu   sync.Mutex
	seen []string
}

func (f *followed) add(m kafka.Message) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen = append(f.seen, string(m.Value))
}

func (f *followed) values() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.seen...)
}

// Everything written before Follow started has been handed over when
// caughtUp is called; later records keep coming; cancel stops it with nil.
func TestFollowCatchesUpThenKeepsFollowing(t *testing.T) {
	b := kafkatest.Start(t)
	topic := b.Topic(t, "follow", 3)
	b.Produce(t, kafka.Message{Topic: topic, Key: []byte("a"), Value: []byte("1")},
		kafka.Message{Topic: topic, Key: []byte("b"), Value: []byte("2")},
		kafka.Message{Topic: topic, Key: []byte("c"), Value: []byte("3")})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var f followed
	caught := make(chan int, 1)
	done := make(chan error, 1)
	go func() {
		done <- consumer.Follow(ctx, b.Cluster(), topic, f.add, func() { caught <- len(f.values()) }, slog.New(slog.DiscardHandler))
	}()
	select {
	case n := <-caught:
		if n != 3 {
			t.Fatalf("caught up after %d records, want the 3 written before", n)
		}
	case err := <-done:
		t.Fatalf("Follow returned %v before catching up", err)
	case <-time.After(60 * time.Second):
		t.Fatal("never caught up")
	}
	b.Produce(t, kafka.Message{Topic: topic, Key: []byte("d"), Value: []byte("4")})
	for deadline := time.Now().Add(60 * time.Second); len(f.values()) < 4; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("followed %v, want the later record too", f.values())
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Follow after cancel: %v", err)
	}
	if len(caught) != 0 {
		t.Error("caughtUp called more than once")
	}
}

func TestFollowEmptyTopicIsCaughtUpAtOnce(t *testing.T) {
	b := kafkatest.Start(t)
	topic := b.Topic(t, "follow-empty", 2)
	ctx, cancel := context.WithCancel(context.Background())
	caught := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- consumer.Follow(ctx, b.Cluster(), topic, func(kafka.Message) {}, func() { close(caught) }, slog.New(slog.DiscardHandler))
	}()
	select {
	case <-caught:
	case <-time.After(60 * time.Second):
		t.Fatal("an empty topic was never caught up")
	}
	cancel()
	if err := <-done; err != nil {
		t.Error(err)
	}
}

func TestFollowMissingTopicFailsNamingIt(t *testing.T) {
	b := kafkatest.Start(t)
	err := consumer.Follow(context.Background(), b.Cluster(), "no-such-topic-here", func(kafka.Message) {}, nil, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "no-such-topic-here") {
		t.Fatalf("Follow of a missing topic: %v", err)
	}
}
