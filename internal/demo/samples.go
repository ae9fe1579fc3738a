// Package demo runs triage end to end on an in-process Kafka-protocol broker
// (kfake) with bundled sample emails and tickets, bad records included, and
// prints what comes out.
package demo

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/segmentio/kafka-go"
)

//go:embed samples/*.jsonl
var samples embed.FS

// Sample is one record the demo publishes, with what it should become.
type Sample struct {
	Topic      string // "emails" or "tickets" (logical input)
	Key, Value []byte
	WantReason string // expected dead-letter reason; empty for good records
}

// Samples returns the bundled records: good emails keyed by sender, good
// tickets keyed by customer id (so one customer's follow-ups stay in order),
// then the bad ones.
func Samples() ([]Sample, error) {
	var out []Sample
	err := eachLine("samples/emails.jsonl", func(line []byte) error {
		var e struct {
			From string `json:"from"`
		}
		if err := json.Unmarshal(line, &e); err != nil {
			return err
		}
		out = append(out, Sample{Topic: "emails", Key: []byte(e.From), Value: line})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("samples/tickets.jsonl", func(line []byte) error {
		var t struct {
			Customer struct {
				ID string `json:"id"`
			} `json:"customer"`
		}
		if err := json.Unmarshal(line, &t); err != nil {
			return err
		}
		out = append(out, Sample{Topic: "tickets", Key: []byte(t.Customer.ID), Value: line})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("samples/bad.jsonl", func(line []byte) error {
		var b struct {
			Topic, Reason string
			ValueB64      string `json:"value_b64"`
		}
		if err := json.Unmarshal(line, &b); err != nil {
			return err
		}
		v, err := base64.StdEncoding.DecodeString(b.ValueB64)
		if err != nil {
			return err
		}
		out = append(out, Sample{Topic: b.Topic, Key: []byte("bad"), Value: v, WantReason: b.Reason})
		return nil
	})
	return out, err
}

func eachLine(name string, fn func([]byte) error) error {
	data, err := samples.ReadFile(name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if err := fn(append([]byte(nil), line...)); err != nil {
			return fmt.Errorf("demo: %s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}

// messages maps samples onto the real topic names.
func messages(ss []Sample, emails, tickets string) []kafka.Message {
	out := make([]kafka.Message, len(ss))
	for i, s := range ss {
		topic := tickets
		if s.Topic == "emails" {
			topic = emails
		}
		out[i] = kafka.Message{Topic: topic, Key: s.Key, Value: s.Value}
	}
	return out
}

func decodeB64(s string) string {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return ""
	}
	return string(b)
}
