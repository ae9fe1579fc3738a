// Package engine holds the LLM processors: routing and order extraction by
// an OpenAI-compatible model, with every answer checked against its schema
// and the domain before it can become an event. A failed or invalid answer
// is an error marked with its fallback reason (internal/failure), which the
// Fallback middleware turns into a rules decision.
package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/llm"
	"github.com/triage/triage/prompts"
	"github.com/triage/triage/schemas"
)

// Completer is the part of *llm.Client the engines use.
type Completer interface {
	Complete(ctx context.Context, req llm.Request) (llm.Response, error)
}

// base is what both engines share: prompt, answer schema, model.
type base struct {
	name   string // processor name: "route" or "extract"
	client Completer
	model  string
	tmpl   *prompts.Template
	schema json.RawMessage    // sent as the strict response format
	check  *jsonschema.Schema // the same schema, compiled, for validation
}

func newBase(name string, client Completer, model, schemaFile string, patch func(map[string]any)) (base, error) {
	tmpl, err := prompts.Load(name)
	if err != nil {
		return base{}, err
	}
	raw, err := schemas.Raw(schemaFile)
	if err != nil {
		return base{}, fmt.Errorf("engine: %w", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return base{}, fmt.Errorf("engine: %s: %w", schemaFile, err)
	}
	if patch != nil {
		patch(doc)
	}
	// The response format carries only what strict mode accepts.
	send := map[string]any{}
	for k, v := range doc {
		if k != "$schema" && k != "$id" && k != "title" {
			send[k] = v
		}
	}
	schema, _ := json.Marshal(send)
	c := jsonschema.NewCompiler()
	if err := c.AddResource("mem://"+schemaFile, send); err != nil {
		return base{}, fmt.Errorf("engine: %s: %w", schemaFile, err)
	}
	check, err := c.Compile("mem://" + schemaFile)
	if err != nil {
		return base{}, fmt.Errorf("engine: compile %s: %w", schemaFile, err)
	}
	return base{name: name, client: client, model: model, tmpl: tmpl, schema: schema, check: check}, nil
}

// PromptVersion is the prompt template id, part of cache keys and events.
func (b base) PromptVersion() string { return b.tmpl.ID() }

// Version is the engine version for event ids.
func (b base) Version() string { return "llm-" + b.model + "-" + b.tmpl.ID() }

// CacheKey keys this engine's answers for the answer cache.
func (b base) CacheKey(in processors.Input) string {
	return processors.CacheKey(b.name, b.tmpl.ID(), b.model, in)
}

// ask renders the prompt, calls the model and returns the answer decoded
// into out after the schema check. The returned provenance and exchange are
// filled even on error (what the attempt cost, what was said).
func (b base) ask(ctx context.Context, vars prompts.Vars, out any) (processors.Provenance, *processors.Exchange, error) {
	x := &processors.Exchange{}
	pv, err := b.exchange(ctx, vars, out, x)
	return pv, x, err
}

func (b base) exchange(ctx context.Context, vars prompts.Vars, out any, x *processors.Exchange) (processors.Provenance, error) {
	pv := processors.Provenance{Source: processors.SourceLLM, EngineVersion: b.Version(), Model: b.model, PromptVersion: b.tmpl.ID()}
	msgs, err := b.tmpl.Render(vars)
	if err != nil {
		return pv, err
	}
	req := llm.Request{SchemaName: b.name + "_answer", Schema: b.schema, TruncatableIndex: 1}
	for _, m := range msgs {
		req.Messages = append(req.Messages, llm.Message{Role: m.Role, Content: m.Content})
	}
	x.Prompt = msgs[len(msgs)-1].Content
	resp, err := b.client.Complete(ctx, req)
	x.Response = resp.Content
	if resp.Model != "" {
		pv.Model = resp.Model
	}
	pv.LatencyMS = float64(resp.Latency) / float64(time.Millisecond)
	pv.PromptTokens, pv.CompletionTokens, pv.CostUSD = resp.PromptTokens, resp.CompletionTokens, resp.CostUSD
	if err != nil {
		return pv, fmt.Errorf("engine: %s: %w", b.name, err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(resp.Content)))
	if err != nil {
		return pv, invalid(b.name, "answer is not JSON: %v", err)
	}
	if err := b.check.Validate(doc); err != nil {
		return pv, invalid(b.name, "answer breaks its schema: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(resp.Content)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return pv, invalid(b.name, "decode answer: %v", err)
	}
	return pv, nil
}

func invalid(name, format string, args ...any) error {
	return failure.WithFallback(failure.BadAnswer, fmt.Errorf("engine: %s: "+format, append([]any{name}, args...)...))
}

func confidence(pv *processors.Provenance, c float64) error {
	if c < 0 || c > 1 {
		return fmt.Errorf("confidence %g outside 0..1", c)
	}
	pv.Confidence = &c
	return nil
}
