package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/schemas"
)

// largeOrder is an email of n item lines and the LLM answer listing them.
func largeOrder(t *testing.T, n int) (processors.Input, string) {
	t.Helper()
	var body strings.Builder
	items := make([]map[string]any, n)
	for i := range items {
		sku := fmt.Sprintf("SKU-%04d", i)
		fmt.Fprintf(&body, "%d x %s\n", i%5+1, sku)
		items[i] = map[string]any{"product": nil, "sku": sku, "quantity": i%5 + 1, "unit_price": nil}
	}
	answer, err := json.Marshal(map[string]any{"is_order": true, "order_ref": nil, "currency": nil, "items": items, "confidence": 0.9})
	if err != nil {
		t.Fatal(err)
	}
	return processors.Input{Subject: "Large order", Body: body.String()}, string(answer)
}

// An answer with more items than an event holds is published cut to
// schemas.MaxOrderItems and flagged, not refused.
func TestExtractorCapsLargeOrder(t *testing.T) {
	n := schemas.MaxOrderItems + 50
	in, answer := largeOrder(t, n)
	e, err := NewExtractor(&fakeLLM{content: answer}, "sim-1")
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.Process(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	o := out.Decision.(*processors.Order)
	if len(o.Items) != schemas.MaxOrderItems || !o.Truncated || o.ItemsTotal != n || o.Items[0].SKU != "SKU-0000" {
		t.Fatalf("kept %d items, truncated %v, items_total %d, first %+v", len(o.Items), o.Truncated, o.ItemsTotal, o.Items[0])
	}
}

// Items beyond the cap are checked too: an invented one refuses the answer.
func TestExtractorChecksItemsBeyondTheCap(t *testing.T) {
	in, answer := largeOrder(t, schemas.MaxOrderItems+50)
	answer = strings.Replace(answer, "SKU-0230", "IPHONE-15", 1)
	e, _ := NewExtractor(&fakeLLM{content: answer}, "sim-1")
	out, err := e.Process(context.Background(), in)
	if failure.FallbackReason(err) != failure.BadAnswer || out.Decision != nil {
		t.Fatalf("accepted an invented item past the cap: %v", err)
	}
}
