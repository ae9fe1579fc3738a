package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/processors"
)

// BenchmarkHandle runs Handler.Handle, as the service builds it (rules
// only, structured events), over 1 KB tickets like triage bench's: the
// demo's sample tickets padded with their own sentences. "rules" is the
// whole record; "decided" answers every record with the rules' decision
// computed beforehand (behind the same middleware chain), so that what it
// measures is everything but the rules engine: decoding, the processor
// chain, building, checking and encoding the event:
//
//	go test -run XXX -bench Handle -benchmem ./internal/pipeline/
func BenchmarkHandle(b *testing.B) {
	msgs := benchTickets(b, 64, 1024)
	for _, name := range []string{"rules", "decided"} {
		h := benchHandler(b, name == "decided", msgs)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := h.Handle(context.Background(), msgs[i%len(msgs)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// benchHandler builds the service's handler of tickets; with decided, its
// rules answer each of msgs with the decision they made beforehand.
func benchHandler(b *testing.B, decided bool, msgs []kafka.Message) *Handler {
	b.Helper()
	cfg := config.Default()
	cfg.Kafka.Brokers = []string{"127.0.0.1:1"} // never dialled
	cfg.Topics.Emails = ""
	log := slog.New(slog.DiscardHandler)
	p, err := Build(cfg, log, "bench", Hooks{})
	if err != nil {
		b.Fatal(err)
	}
	h := p.Handler
	if !decided {
		return h
	}
	rulesProc, _, err := routeRules(p.Rules, cfg.Rules.Model, cfg.Rules.File)
	if err != nil {
		b.Fatal(err)
	}
	answers := map[string]processors.Output{}
	for _, m := range msgs {
		in, err := h.Decoder.Decode(processors.KindTicket, m.Value)
		if err != nil {
			b.Fatal(err)
		}
		if answers[in.ID], err = rulesProc.Process(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
	memo := processors.Func(func(_ context.Context, in processors.Input) (processors.Output, error) {
		return answers[in.ID], nil
	})
	e, err := newEngines(cfg.LLM, p.Rules, log, Hooks{})
	if err != nil {
		b.Fatal(err)
	}
	timeout := processors.Timeout(cfg.Processing.Timeout)
	rt := h.Routes[cfg.Topics.Tickets]
	if rt.Spec.Processor, _, err = e.build("route", processors.Chain(memo, timeout), nil, timeout, nil); err != nil {
		b.Fatal(err)
	}
	h.Routes = map[string]Route{cfg.Topics.Tickets: rt}
	return h
}

// benchTickets makes n tickets of about size bytes on the default tickets
// topic from the demo's samples, each body padded with the samples'
// sentences (a paragraph break now and then), over 16 customers.
func benchTickets(b *testing.B, n, size int) []kafka.Message {
	b.Helper()
	f, err := os.ReadFile("../demo/samples/tickets.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	var tickets []map[string]any
	var filler []string
	for sc := bufio.NewScanner(bytes.NewReader(f)); sc.Scan(); {
		var t map[string]any
		if err := json.Unmarshal(sc.Bytes(), &t); err != nil {
			b.Fatal(err)
		}
		tickets = append(tickets, t)
		for _, s := range strings.SplitAfter(t["body"].(string), ". ") {
			if len(s) > 12 {
				filler = append(filler, strings.TrimSpace(s))
			}
		}
	}
	topic := config.Default().Topics.Tickets
	msgs := make([]kafka.Message, n)
	for i := range msgs {
		t := tickets[i%len(tickets)]
		key := fmt.Sprintf("cus_%05d", i%16)
		body := t["body"].(string)
		for j := i; len(body) < size-250; j += 7 {
			if j%5 == 0 {
				body += "\n\n"
			}
			body += " " + filler[j%len(filler)]
		}
		t["ticket_id"], t["body"] = fmt.Sprintf("B-%d", i), body
		t["customer"].(map[string]any)["id"] = key
		v, err := json.Marshal(t)
		if err != nil {
			b.Fatal(err)
		}
		msgs[i] = kafka.Message{Topic: topic, Partition: i % 6, Offset: int64(i), Key: []byte(key), Value: v}
	}
	return msgs
}
