package drill

import (
	"context"
	"testing"

	"github.com/triage/triage/internal/kafkatest"
)

func TestFeedPublishesByKey(t *testing.T) {
	b := kafkatest.Start(t)
	topics := map[string]string{"emails": b.Topic(t, "drill.emails", 3), "tickets": b.Topic(t, "drill.tickets", 3)}
	recs := []Record{{Topic: "tickets", Key: []byte("k1"), Value: []byte("1")}, {Topic: "tickets", Key: []byte("k1"), Value: []byte("2")},
		{Topic: "emails", Key: []byte("k2"), Value: []byte("3")}}
	if err := Feed(context.Background(), b.Addrs, topics, recs, 0); err != nil {
		t.Fatal(err)
	}
	got := b.ReadAll(t, topics["tickets"])
	if len(got) != 2 || got[0].Partition != got[1].Partition || string(got[0].Value) != "1" {
		t.Fatalf("tickets = %v, want both k1 records on one partition in order", got)
	}
	if n := len(b.ReadAll(t, topics["emails"])); n != 1 {
		t.Fatalf("%d emails, want 1", n)
	}
}
