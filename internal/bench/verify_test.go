package bench

import (
	"context"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkaauth"
	"github.com/triage/triage/internal/kafkatest"
)

// TestVerifyFindsLostAndReordered feeds the checker passthrough-style
// outputs: one input has none, and a key's outputs come out of order.
func TestVerifyFindsLostAndReordered(t *testing.T) {
	b := kafkatest.Start(t)
	c := kafkaauth.Cluster{Brokers: b.Addrs, Auth: b.Auth}
	in, out := b.Topic(t, "bench.verify.in", 1), b.Topic(t, "bench.verify.out", 1)
	b.Produce(t, kafka.Message{Topic: in, Key: []byte("k"), Value: []byte("0")}, kafka.Message{Topic: in, Key: []byte("k"), Value: []byte("1")},
		kafka.Message{Topic: in, Key: []byte("k"), Value: []byte("2")})
	copyOf := func(off int64) kafka.Message {
		return kafka.Message{Topic: out, Key: []byte("k"), Headers: []kafka.Header{{Key: HeaderInput, Value: coordOf(in, 0, off)}}}
	}
	b.Produce(t, copyOf(1), copyOf(0)) // 2 lost, 0 after 1
	v, err := verify(context.Background(), c, []string{in}, []string{out}, "")
	if err != nil {
		t.Fatal(err)
	}
	if v.OK() || v.Lost != 1 || v.Inversions != 1 || v.Records != 3 {
		t.Fatalf("verdict %s, want 1 lost and 1 inversion of 3", v)
	}
}

func TestParseCoord(t *testing.T) {
	c, err := parseCoord("a/b.c/4/17")
	if err != nil || c.Topic != "a/b.c" || c.Partition != 4 || c.Offset != 17 {
		t.Fatalf("got %+v, %v", c, err)
	}
	for _, bad := range []string{"", "t/1", "/1/2", "t/x/2", "t/1/y"} {
		if _, err := parseCoord(bad); err == nil {
			t.Errorf("parseCoord(%q): no error", bad)
		}
	}
}
