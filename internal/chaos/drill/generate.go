package drill

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"

	"github.com/segmentio/kafka-go"
)

// Record is one input to publish on the logical topic "emails" or "tickets".
type Record struct {
	Topic   string
	Key     []byte
	Value   []byte
	Headers []kafka.Header
}

// Mix is the share of unusual records in a generated stream.
const (
	badEvery     = 50 // 1 in 50: invalid JSON, not UTF-8 or a schema violation
	hostileEvery = 25 // 1 in 25: prompt injection (valid records)
)

// Generate returns n records spread over keys keys (at least 2): the first
// half of the keys are ticket customers, the rest email senders, so a key
// lives on one topic. Ids are unique to run and the record's index; about 1
// in 50 records is a bad value and 1 in 25 a prompt-injection attempt.
func (c *Corpus) Generate(n, keys int, rng *rand.Rand, run string) []Record {
	keys = max(keys, 2)
	out := make([]Record, 0, n)
	for i := range n {
		k := rng.IntN(keys)
		r := Record{Topic: "tickets", Key: fmt.Appendf(nil, "cus_%s_%04d", run, k)}
		if k >= keys/2 {
			r.Topic, r.Key = "emails", fmt.Appendf(nil, "Customer %04d <c%04d.%s@drill.example>", k, k, run)
		}
		switch {
		case i%badEvery == badEvery-1:
			bad := c.Bad[r.Topic]
			r.Value = bad[rng.IntN(len(bad))]
		case i%hostileEvery == hostileEvery-1:
			r.Value = c.fill(r, pick(rng, c.hostile(r.Topic)), run, i)
		default:
			r.Value = c.fill(r, pick(rng, c.templates(r.Topic)), run, i)
		}
		out = append(out, r)
	}
	return out
}

func (c *Corpus) templates(topic string) []map[string]any {
	if topic == "emails" {
		return c.Emails
	}
	return c.Tickets
}

func (c *Corpus) hostile(topic string) []map[string]any {
	h := c.HostileTickets
	if topic == "emails" {
		h = c.HostileEmails
	}
	if len(h) == 0 {
		return c.templates(topic)
	}
	return h
}

func pick(rng *rand.Rand, from []map[string]any) map[string]any { return from[rng.IntN(len(from))] }

// fill copies template and gives it the record's identity: a unique
// ticket_id and the customer id of the key, or a unique message_id and the
// sender of the key.
func (c *Corpus) fill(r Record, template map[string]any, run string, i int) []byte {
	obj := maps.Clone(template)
	if r.Topic == "emails" {
		obj["message_id"] = fmt.Sprintf("<%s.%d@drill.example>", run, i)
		obj["from"] = string(r.Key)
	} else {
		obj["ticket_id"] = fmt.Sprintf("%s-%d", strings.ToUpper(run), i)
		if cust, ok := obj["customer"].(map[string]any); ok {
			cust = maps.Clone(cust)
			cust["id"] = string(r.Key)
			obj["customer"] = cust
		}
	}
	b, _ := json.Marshal(obj) // decoded from JSON: cannot fail
	return b
}

// SlowMarker is the text that makes the drill's LLM proxy hold a request
// (see Proxy): a record carrying it is slow to decide.
const SlowMarker = "CHAOS-SLOW-RECORD"

// Slow returns a ticket whose text carries SlowMarker, keyed by key.
func (c *Corpus) Slow(key, run string) Record {
	r := Record{Topic: "tickets", Key: []byte(key)}
	obj := maps.Clone(c.Tickets[0])
	obj["subject"] = SlowMarker + " " + fmt.Sprint(obj["subject"])
	obj["body"] = SlowMarker + " " + fmt.Sprint(obj["body"])
	r.Value = c.fill(r, obj, run+"-slow", 0)
	return r
}

// Oversized returns hostile records at the broker's size limits: a 600 KB
// key and an 800 KB header with invalid JSON (their dead letters would pass
// 1 MB if copied whole), a value that is not UTF-8, and 900 KB values,
// valid and invalid, on both topics.
func (c *Corpus) Oversized(run string) []Record {
	big := func(n int, b byte) []byte { return bytes.Repeat([]byte{b}, n) }
	hugeTicket := maps.Clone(c.Tickets[0])
	hugeTicket["body"] = strings.Repeat("My invoice is wrong. ", 900<<10/21)
	hugeTicket["ticket_id"] = strings.ToUpper(run) + "-HUGE"
	hugeValue, _ := json.Marshal(hugeTicket)
	return []Record{
		{Topic: "tickets", Key: big(600<<10, 'k'), Value: []byte(`{"ticket_id": broken`)},
		{Topic: "emails", Key: []byte("hdr-" + run), Value: []byte(`{"message_id": broken`),
			Headers: []kafka.Header{{Key: "x-big", Value: big(800<<10, 'h')}}},
		{Topic: "emails", Key: []byte("latin1-" + run), Value: []byte("{\"text\":\"Caf\xe9 \xff\xfe\"}")},
		{Topic: "tickets", Key: []byte("huge-" + run), Value: hugeValue},
		{Topic: "emails", Key: []byte("huge-" + run), Value: append([]byte(`{"text":"`), big(900<<10, 'x')...)},
		{Topic: "tickets", Key: []byte("binary-" + run), Value: big(900<<10, 0xff)},
	}
}
