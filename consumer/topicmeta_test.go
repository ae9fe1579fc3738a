package consumer

import (
	"context"
	"net"
	"testing"

	"github.com/segmentio/kafka-go"
	meta "github.com/segmentio/kafka-go/protocol/metadata"
)

// countingTransport answers metadata requests with a fresh response per
// call (the error code of errs[topic]) and counts the calls.
type countingTransport struct {
	calls int
	errs  map[string]int16
}

func (c *countingTransport) RoundTrip(_ context.Context, _ net.Addr, req kafka.Request) (kafka.Response, error) {
	c.calls++
	m, ok := req.(*meta.Request)
	if !ok {
		return nil, nil
	}
	res := &meta.Response{}
	for _, n := range m.TopicNames {
		res.Topics = append(res.Topics, meta.ResponseTopic{Name: n, ErrorCode: c.errs[n], Partitions: make([]meta.ResponsePartition, 6)})
	}
	return res, nil
}

// TestTopicMeta: a good answer for one topic is asked once and given
// again; an answer with an error, a request for several topics or for auto
// creation, and any other request always reach the transport; an expired
// answer is asked again.
func TestTopicMeta(t *testing.T) {
	next := &countingTransport{errs: map[string]int16{"gone": int16(kafka.UnknownTopicOrPartition)}}
	tm := newTopicMeta(next)
	ask := func(req kafka.Request) *meta.Response {
		t.Helper()
		res, err := tm.RoundTrip(context.Background(), nil, req)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := res.(*meta.Response)
		return r
	}
	one := func(topic string) *meta.Request { return &meta.Request{TopicNames: []string{topic}} }
	first := ask(one("out"))
	for range 5 {
		if r := ask(one("out")); r != first || len(r.Topics[0].Partitions) != 6 {
			t.Fatal("a fresh answer was not given again")
		}
	}
	if next.calls != 1 {
		t.Fatalf("%d calls for one topic asked six times, want 1", next.calls)
	}
	for range 3 {
		if r := ask(one("gone")); r.Topics[0].ErrorCode == 0 {
			t.Fatal("the error was lost")
		}
		ask(&meta.Request{TopicNames: []string{"out", "other"}})
		ask(&meta.Request{TopicNames: []string{"out"}, AllowAutoTopicCreation: true})
	}
	if next.calls != 10 {
		t.Fatalf("%d calls, want 1 + 9 passed through", next.calls)
	}
	a := tm.got["out"]
	a.at = a.at.Add(-topicMetaTTL)
	tm.got["out"] = a
	if ask(one("out")) == first || next.calls != 11 {
		t.Error("an expired answer was given again")
	}
}
