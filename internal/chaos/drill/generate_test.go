package drill

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/segmentio/kafka-go"
)

func testCorpus(t *testing.T) *Corpus {
	t.Helper()
	c, err := LoadCorpus("../../pipeline/testdata")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGenerateMixAndIdentity(t *testing.T) {
	c := testCorpus(t)
	recs := c.Generate(1000, 100, rand.New(rand.NewPCG(1, 2)), "r1")
	if len(recs) != 1000 {
		t.Fatalf("%d records", len(recs))
	}
	keys, ids, bad := map[string]string{}, map[string]bool{}, 0
	for _, r := range recs {
		if topic, ok := keys[string(r.Key)]; ok && topic != r.Topic {
			t.Fatalf("key %q on %s and %s: a key must live on one topic", r.Key, topic, r.Topic)
		}
		keys[string(r.Key)] = r.Topic
		var obj map[string]any
		if json.Unmarshal(r.Value, &obj) != nil {
			bad++
			continue
		}
		id := obj["ticket_id"]
		if r.Topic == "emails" {
			id = obj["message_id"]
		}
		sid, ok := id.(string)
		if !ok || !strings.Contains(sid, "r1") && !strings.Contains(sid, "R1") {
			bad++ // a bad sample that happens to be JSON (e.g. a numeric ticket_id)
			continue
		}
		if r.Topic == "emails" && obj["from"] != string(r.Key) {
			t.Errorf("email from %v, key %q", obj["from"], r.Key)
		}
		if ids[sid] {
			t.Errorf("id %v twice", id)
		}
		ids[sid] = true
	}
	if len(keys) < 90 || bad < 10 || bad > 40 {
		t.Errorf("%d keys, %d undecodable or id-less records; want ~100 keys and ~2%% bad", len(keys), bad)
	}
}

func TestSlowPerPartitionCoversEveryPartition(t *testing.T) {
	c := testCorpus(t)
	slow := c.SlowPerPartition("r1", 6)
	if len(slow) != 6 {
		t.Fatalf("%d slow records, want 6", len(slow))
	}
	bal := &kafka.Murmur2Balancer{Consistent: true}
	for want, r := range slow {
		if got := bal.Balance(kafka.Message{Key: r.Key}, 0, 1, 2, 3, 4, 5); got != want {
			t.Errorf("slow record %d lands on partition %d", want, got)
		}
		if !bytes.Contains(r.Value, []byte(SlowMarker)) || r.Topic != "tickets" {
			t.Errorf("slow record %d: topic %s, marker missing", want, r.Topic)
		}
	}
}

func TestOversizedAtTheLimits(t *testing.T) {
	var key, header, notUTF8, huge bool
	for _, r := range testCorpus(t).Oversized("r1") {
		size := len(r.Key) + len(r.Value)
		for _, h := range r.Headers {
			size += len(h.Key) + len(h.Value)
			header = header || len(h.Value) >= 800<<10
		}
		if size >= 1_000_000 {
			t.Errorf("record of %d bytes: the broker would refuse it", size)
		}
		key = key || len(r.Key) >= 600<<10
		notUTF8 = notUTF8 || !utf8.Valid(r.Value)
		huge = huge || len(r.Value) >= 900<<10 && bytes.Contains(r.Value, []byte(`"ticket_id":"R1-HUGE"`))
	}
	if !key || !header || !notUTF8 || !huge {
		t.Errorf("600 KB key %v, 800 KB header %v, not UTF-8 %v, 900 KB valid ticket %v: want all", key, header, notUTF8, huge)
	}
}
