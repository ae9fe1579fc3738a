// Package engine holds the LLM processors: routing and order extraction by
// an OpenAI-compatible model, with every answer checked against its schema
// and the domain before it can become an event. A failed or invalid answer
// is an error marked with its fallback reason (internal/failure), which the
// Fallback middleware turns into a rules decision.
package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
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
	// contract is what changes the set of valid answers, for cache keys.
	contract []string
}

// newBase loads the prompt and answer schema of one engine; patch adapts
// the schema (e.g. the queue enum), and contract lists the engine's own
// settings that change its valid answers (e.g. queues), for cache keys.
func newBase(name string, client Completer, model, schemaFile string, patch func(map[string]any), contract ...string) (base, error) {
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
	sum := sha256.Sum256(schema)
	contract = append([]string{"prompt=" + tmpl.ID(), "model=" + model, "answer_schema=" + hex.EncodeToString(sum[:])}, contract...)
	return base{name: name, client: client, model: model, tmpl: tmpl, schema: schema, check: check, contract: contract}, nil
}

// PromptVersion is the prompt template id, part of cache keys and events.
func (b base) PromptVersion() string { return b.tmpl.ID() }

// Version is the engine version for event ids.
func (b base) Version() string { return "llm-" + b.model + "-" + b.tmpl.ID() }

// CacheContract is what changes the set of this engine's valid answers:
// prompt version, model, a hash of the answer schema it sends (with the
// queue enum) and the engine's own settings. It goes into cache keys
// (processors.CacheKey).
func (b base) CacheContract() []string { return append([]string(nil), b.contract...) }

// ask renders the prompt, calls the model and returns the answer decoded
// into out after the schema check. The returned provenance and exchange are
// filled even on error (what the attempt cost, what was said).
func (b base) ask(ctx context.Context, vars prompts.Vars, out any) (processors.Provenance, *processors.Exchange, error) {
	x := &processors.Exchange{}
	pv, err := b.exchange(ctx, vars, x)
	if err == nil {
		err = b.decode(x.Response, out)
	}
	return pv, x, err
}

// cached is ask for an answer from the cache: hit's raw answer
// (hit.Exchange.Response) decoded into out after the same schema check, with
// the provenance of a fresh answer by the model that gave it.
func (b base) cached(hit processors.Output, out any) (processors.Provenance, *processors.Exchange, error) {
	pv := b.provenance()
	if hit.Provenance.Model != "" {
		pv.Model = hit.Provenance.Model
	}
	if hit.Exchange == nil {
		return pv, nil, invalid(b.name, "cached entry holds no answer")
	}
	return pv, hit.Exchange, b.decode(hit.Exchange.Response, out)
}

func (b base) provenance() processors.Provenance {
	return processors.Provenance{Source: processors.SourceLLM, EngineVersion: b.Version(), Model: b.model, PromptVersion: b.tmpl.ID()}
}

func (b base) exchange(ctx context.Context, vars prompts.Vars, x *processors.Exchange) (processors.Provenance, error) {
	pv := b.provenance()
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
	return pv, nil
}

// decode checks a raw answer against the answer schema and decodes it into
// out, refusing unknown fields.
func (b base) decode(content string, out any) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(content)))
	if err != nil {
		return invalid(b.name, "answer is not JSON: %v", err)
	}
	if err := b.check.Validate(doc); err != nil {
		return invalid(b.name, "answer breaks its schema: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(content)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return invalid(b.name, "decode answer: %v", err)
	}
	return nil
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
