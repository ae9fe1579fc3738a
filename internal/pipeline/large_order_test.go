package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/schemas"
)

// largeOrder is an order email of n item lines and the honest LLM answer
// listing every one of them.
func largeOrder(t *testing.T, n int) (email []byte, answer json.RawMessage) {
	t.Helper()
	var body strings.Builder
	body.WriteString("Please send the following:\n")
	items := make([]map[string]any, n)
	for i := range items {
		sku := fmt.Sprintf("SKU-%04d", i)
		fmt.Fprintf(&body, "%d x %s\n", i%5+1, sku)
		items[i] = map[string]any{"product": nil, "sku": sku, "quantity": i%5 + 1, "unit_price": nil}
	}
	email, err := json.Marshal(processors.Email{MessageID: "<large@example.com>", From: "buyer@example.com", To: []string{"orders@shop.example"},
		Subject: "Order", Text: body.String(), ReceivedAt: time.Date(2026, 11, 27, 9, 15, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	answer, err = json.Marshal(map[string]any{"is_order": true, "order_ref": nil, "currency": nil, "items": items, "confidence": 0.9})
	if err != nil {
		t.Fatal(err)
	}
	return email, answer
}

// A genuine order of 3,000 item lines is published, valid, with the first
// schemas.MaxOrderItems items and the truncation flag, whichever engine
// decided it (issue 9: it was dead-lettered as invalid_output).
func TestLargeOrderIsPublishedTruncated(t *testing.T) {
	const n = 3000
	email, answer := largeOrder(t, n)
	for _, tc := range []struct {
		name, source string
		llm          bool
	}{{"rules", processors.SourceRules, false}, {"llm", processors.SourceLLM, true}} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.Kafka.Brokers = []string{"127.0.0.1:1"}
			cfg.Events.Validate = true
			if tc.llm {
				s, url, stop, err := llmsim.Start(llmsim.Config{Model: "sim-model"}, llmsim.EchoAnswerer(map[string]json.RawMessage{llmsim.TaskExtract: answer}))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(stop)
				defer func() {
					if s.Stats().Requests != 1 {
						t.Errorf("LLM calls %d, want 1", s.Stats().Requests)
					}
				}()
				cfg = offlineConfig(url)
				// An answer of 3,000 items needs a large completion budget.
				cfg.LLM.CacheSize, cfg.LLM.MaxOutputTokens = 0, 1<<20
			}
			p, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
			if err != nil {
				t.Fatal(err)
			}
			outs, err := p.Handler.Handle(context.Background(), kafka.Message{Topic: cfg.Topics.Emails, Value: email})
			if err != nil {
				t.Fatalf("not published: %v", err)
			}
			sch, _ := schemas.Load()
			if err := sch.ValidateJSON(schemas.EmailOrder, outs[0].Value); err != nil {
				t.Fatal(err)
			}
			var ev struct {
				Data struct {
					Decision   processors.Order      `json:"decision"`
					Provenance processors.Provenance `json:"provenance"`
				} `json:"data"`
			}
			if err := json.Unmarshal(outs[0].Value, &ev); err != nil {
				t.Fatal(err)
			}
			d := ev.Data.Decision
			if ev.Data.Provenance.Source != tc.source || !d.IsOrder || len(d.Items) != schemas.MaxOrderItems || !d.Truncated || d.ItemsTotal != n {
				t.Fatalf("source %s (%s), is_order %v, %d items, truncated %v, items_total %d", ev.Data.Provenance.Source, ev.Data.Provenance.FallbackReason,
					d.IsOrder, len(d.Items), d.Truncated, d.ItemsTotal)
			}
		})
	}
}
