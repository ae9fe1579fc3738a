package consumer

import (
	"context"
	"net"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
	meta "github.com/segmentio/kafka-go/protocol/metadata"
)

// topicMeta is the RoundTripper of the batch writer: kafka-go's Writer asks
// its transport for the metadata of a message's topic once per message (to
// count its partitions), and kafka.Transport answers each from its cache
// with a fresh copy (some ten allocations per record). topicMeta keeps the
// answer for one topic, without error, for topicMetaTTL and gives the same
// one again meanwhile; the Writer only reads it. Every other request, an
// answer with an error (an unknown topic is asked again each time, as
// before) and an auto-creating request go to next. The transport's own
// cache is up to its MetadataTTL old already; a new partition count is
// seen at most topicMetaTTL later. Safe for concurrent use.
type topicMeta struct {
	next kafka.RoundTripper
	mu   sync.RWMutex
	got  map[string]topicAnswer
}

type topicAnswer struct {
	res *meta.Response
	at  time.Time
}

const topicMetaTTL = time.Second

func newTopicMeta(next kafka.RoundTripper) *topicMeta {
	if next == nil {
		next = kafka.DefaultTransport
	}
	return &topicMeta{next: next, got: map[string]topicAnswer{}}
}

// RoundTrip answers a metadata request for one topic from the kept answer
// when it is fresh, and passes everything else to next.
func (t *topicMeta) RoundTrip(ctx context.Context, addr net.Addr, req kafka.Request) (kafka.Response, error) {
	m, ok := req.(*meta.Request)
	if !ok || len(m.TopicNames) != 1 || m.AllowAutoTopicCreation {
		return t.next.RoundTrip(ctx, addr, req)
	}
	topic, now := m.TopicNames[0], time.Now()
	t.mu.RLock()
	a, ok := t.got[topic]
	t.mu.RUnlock()
	if ok && now.Sub(a.at) < topicMetaTTL && now.Sub(a.at) >= 0 {
		return a.res, nil
	}
	res, err := t.next.RoundTrip(ctx, addr, req)
	if r, ok := res.(*meta.Response); err == nil && ok && len(r.Topics) == 1 && r.Topics[0].Name == topic && r.Topics[0].ErrorCode == 0 {
		t.mu.Lock()
		t.got[topic] = topicAnswer{r, now}
		t.mu.Unlock()
	}
	return res, err
}
