package consumer

import (
	"context"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
)

func TestBudgetTakeWaitsForGive(t *testing.T) {
	b := newBudget(100)
	if !b.take(context.Background(), 60) {
		t.Fatal("first take refused")
	}
	got := make(chan bool)
	go func() { got <- b.take(context.Background(), 60) }()
	select {
	case <-got:
		t.Fatal("take of 60 passed with 60 of 100 held")
	case <-time.After(50 * time.Millisecond): // no event can prove a wait; a pass would be a bug
	}
	b.give(60)
	if !<-got {
		t.Fatal("take refused after give")
	}
	if held, peak := b.state(); held != 60 || peak != 60 {
		t.Fatalf("held %d peak %d, want 60 60", held, peak)
	}
}

func TestBudgetLargerThanAllPassesAlone(t *testing.T) {
	b := newBudget(100)
	if !b.take(context.Background(), 500) {
		t.Fatal("a take larger than the budget must pass when nothing is held")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if b.take(ctx, 1) {
		t.Fatal("take passed while 500 of 100 were held")
	}
	b.give(500)
	if !b.take(ctx, 1) && b.held != 0 {
		t.Fatal("take after give refused")
	}
}

func TestSizeCountsKeyValueHeaders(t *testing.T) {
	m := kafka.Message{Key: []byte("ab"), Value: []byte("cde"), Headers: []kafka.Header{{Key: "f", Value: []byte("gh")}}}
	if got := size(m); got != 8 {
		t.Fatalf("size %d, want 8", got)
	}
	if got := sizes([]kafka.Message{m, m}); got != 16 {
		t.Fatalf("sizes %d, want 16", got)
	}
}
