// Package sim connects the fake LLM server (processors/llmsim) to triage: it
// answers simulated completions with the rules engine, and runs the server
// as "triage llm-sim" for drills. Test and drill tooling only: nothing in
// the service's default configuration points at it.
package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
	"github.com/triage/triage/prompts"
)

// RulesAnswerer answers like an LLM would, from the rules engine: it reads
// the customer text between the prompt markers (and an extraction prompt's
// quoted context between its own) and returns the answer in the engine's
// answer format. Its confidence is the rules' own.
func RulesAnswerer(rs *rules.Rules) llmsim.Answerer {
	router, extractor := rules.NewRouter(rs), rules.NewExtractor(rs)
	return func(task, system, user string) (json.RawMessage, error) {
		subject, body := customerText(user)
		switch task {
		case llmsim.TaskRoute:
			r, conf := router.Route(subject, body)
			return json.Marshal(map[string]any{"queue": r.Queue, "confidence": conf})
		case llmsim.TaskExtract:
			in := processors.Input{Kind: processors.KindEmail, Subject: subject, Body: body, Quoted: quotedText(user)}
			out, err := extractor.Process(context.Background(), in)
			if err != nil {
				return nil, fmt.Errorf("sim: %w", err)
			}
			return json.Marshal(extractAnswer(*out.Decision.(*processors.Order), *out.Provenance.Confidence))
		}
		return nil, fmt.Errorf("sim: unknown task %q", task)
	}
}

// customerText pulls "Subject: ...\n\nbody" from between the markers.
func customerText(user string) (subject, body string) {
	start := strings.Index(user, prompts.Open)
	end := strings.LastIndex(user, prompts.Close)
	if start < 0 || end < start {
		return "", user
	}
	text := strings.TrimSpace(user[start+len(prompts.Open) : end])
	first, rest, _ := strings.Cut(text, "\n")
	return strings.TrimPrefix(first, "Subject: "), strings.TrimSpace(rest)
}

// quotedText is the quoted context between its markers, "" when none.
func quotedText(user string) string {
	_, rest, ok := strings.Cut(user, prompts.QuotedOpen)
	if !ok {
		return ""
	}
	q, _, _ := strings.Cut(rest, prompts.QuotedClose)
	return strings.TrimSpace(q)
}

func extractAnswer(o processors.Order, conf float64) map[string]any {
	null := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	items := []map[string]any{}
	for _, it := range o.Items {
		var price any
		if it.UnitPrice != nil {
			price = *it.UnitPrice
		}
		items = append(items, map[string]any{"product": null(it.Product), "sku": null(it.SKU), "quantity": it.Quantity, "unit_price": price})
	}
	return map[string]any{"is_order": o.IsOrder, "order_ref": null(o.OrderRef), "currency": null(o.Currency), "items": items, "confidence": conf}
}
