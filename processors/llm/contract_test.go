package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// contractPath is the OpenAI OpenAPI document, in shared/ beside the repo.
const (
	contractPath = "../../../shared/contracts/openai/openapi.json"
	contractURL  = "https://contracts.triage.invalid/openai/openapi.json"
)

var contract struct {
	once      sync.Once
	req, resp *jsonschema.Schema
	err       error
}

// loadContract compiles CreateChatCompletionRequest and
// CreateChatCompletionResponse from the OpenAPI document, or skips the test
// when the document is absent.
func loadContract(t *testing.T) (req, resp *jsonschema.Schema) {
	t.Helper()
	data, err := os.ReadFile(contractPath)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("OpenAI contract %s is absent (shared/contracts/openai is laid beside the repository): wire format not checked", contractPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	contract.once.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			contract.err = err
			return
		}
		doc = openAPINullable(doc)
		c := jsonschema.NewCompiler()
		if err := c.AddResource(contractURL, doc); err != nil {
			contract.err = err
			return
		}
		if contract.req, contract.err = c.Compile(contractURL + "#/components/schemas/CreateChatCompletionRequest"); contract.err != nil {
			return
		}
		contract.resp, contract.err = c.Compile(contractURL + "#/components/schemas/CreateChatCompletionResponse")
	})
	if contract.err != nil {
		t.Fatalf("compiling the OpenAI contract: %v", contract.err)
	}
	return contract.req, contract.resp
}

// openAPINullable rewrites OpenAPI 3.0's "nullable": true, which this 3.1
// document still uses, into JSON Schema: null joins the type (and the enum),
// or, without a type, the schema becomes anyOf it and {"type":"null"}.
func openAPINullable(v any) any {
	switch v := v.(type) {
	case []any:
		for i := range v {
			v[i] = openAPINullable(v[i])
		}
		return v
	case map[string]any:
		for k := range v {
			v[k] = openAPINullable(v[k])
		}
		if n, _ := v["nullable"].(bool); !n {
			return v
		}
		delete(v, "nullable")
		if enum, ok := v["enum"].([]any); ok {
			v["enum"] = append(enum, nil)
		}
		if typ, ok := v["type"].(string); ok {
			v["type"] = []any{typ, "null"}
			return v
		}
		return map[string]any{"anyOf": []any{v, map[string]any{"type": "null"}}}
	default:
		return v
	}
}

func validate(t *testing.T, sch *jsonschema.Schema, what string, body []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s is not JSON: %v", what, err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("%s breaks the OpenAI contract: %v\nbody: %.2000s", what, err, body)
	}
}

// Every request the client sends is a valid CreateChatCompletionRequest.
func TestContractRequests(t *testing.T) {
	reqSchema, _ := loadContract(t)
	for _, tc := range []struct {
		name   string
		config func(*Config)
		req    Request
	}{
		{"json_schema answer", func(*Config) {}, testRequest("Please refund order 4711.")},
		{"temperature set", func(c *Config) { c.Temperature = 0.2 }, testRequest("hi")},
		{"truncated 1 MB email", func(c *Config) { c.MaxInputTokens = 2000 }, testRequest(strings.Repeat("Die Ware ist kaputt. ", 50000))},
		{"free text, no schema", func(*Config) {}, Request{Messages: []Message{{Role: RoleUser, Content: "Say hi."}}}},
		{"few-shot with an assistant message", func(*Config) {}, Request{
			Messages:   []Message{{RoleSystem, "Classify."}, {RoleUser, "refund please"}, {RoleAssistant, `{"intent":"refund"}`}, {RoleUser, "where is it"}},
			SchemaName: "d", Schema: json.RawMessage(`{"type":"object"}`),
		}},
		{"reasoning model", func(c *Config) { c.Model = "o3-mini" }, testRequest("hi")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFakeServer(t, answer500, answerOK) // the retry's body must be valid too
			cfg := testConfig(srv)
			tc.config(&cfg)
			if _, err := newTestClient(t, cfg).Complete(context.Background(), tc.req); err != nil {
				t.Fatalf("Complete: %v", err)
			}
			bodies := srv.Bodies()
			if len(bodies) != 2 {
				t.Fatalf("%d requests, want 2", len(bodies))
			}
			for _, body := range bodies {
				validate(t, reqSchema, "request", body)
				assertWireFields(t, body, cfg, tc.req)
			}
		})
	}
}

// assertWireFields checks the fields whose encoding go-openai decides.
func assertWireFields(t *testing.T, body []byte, cfg Config, req Request) {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["max_tokens"]; ok {
		t.Errorf("max_tokens sent; want only max_completion_tokens")
	}
	if got := string(m["max_completion_tokens"]); got != "512" {
		t.Errorf("max_completion_tokens = %s, want 512", got)
	}
	if _, ok := m["temperature"]; ok != (cfg.Temperature != 0) {
		t.Errorf("temperature sent = %v, want %v (go-openai omits 0)", ok, cfg.Temperature != 0)
	}
	if len(req.Schema) == 0 {
		if _, ok := m["response_format"]; ok {
			t.Errorf("response_format sent without a schema")
		}
		return
	}
	var rf struct {
		Type       string `json:"type"`
		JSONSchema struct {
			Name   string          `json:"name"`
			Strict bool            `json:"strict"`
			Schema json.RawMessage `json:"schema"`
		} `json:"json_schema"`
	}
	if err := json.Unmarshal(m["response_format"], &rf); err != nil {
		t.Fatal(err)
	}
	if rf.Type != "json_schema" || rf.JSONSchema.Name != req.SchemaName || !rf.JSONSchema.Strict {
		t.Errorf("response_format = %s", m["response_format"])
	}
	var got, want any
	_ = json.Unmarshal(rf.JSONSchema.Schema, &got)
	_ = json.Unmarshal(req.Schema, &want)
	if g, w := mustJSON(got), mustJSON(want); g != w {
		t.Errorf("schema sent as %s, want %s", g, w)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// The fake server's answers are valid CreateChatCompletionResponses, so the
// tests exercise the real wire format.
func TestContractFakeServerResponses(t *testing.T) {
	_, respSchema := loadContract(t)
	for name, c := range map[string]map[string]any{
		"ok":         completion(`{"intent":"refund"}`, "stop", 1),
		"length":     completion(`{"inte`, "length", 1),
		"no choices": completion("", "stop", 0),
	} {
		t.Run(name, func(t *testing.T) {
			validate(t, respSchema, "fake response", []byte(mustJSON(c)))
		})
	}
}

// The compiled contract has teeth: bodies that break it are rejected.
func TestContractRejectsBadRequests(t *testing.T) {
	reqSchema, _ := loadContract(t)
	for name, body := range map[string]string{
		"no messages":             `{"model":"gpt-4o","messages":[]}`,
		"unknown role":            `{"model":"gpt-4o","messages":[{"role":"robot","content":"x"}]}`,
		"user message no content": `{"model":"gpt-4o","messages":[{"role":"user"}]}`,
		"schema format no schema": `{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema"}}`,
		"unknown format":          `{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"response_format":{"type":"xml"}}`,
		"temperature too high":    `{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"temperature":3}`,
		"token limit not integer": `{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"max_completion_tokens":"512"}`,
		"no model":                `{"messages":[{"role":"user","content":"x"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			inst, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if reqSchema.Validate(inst) == nil {
				t.Errorf("contract accepts %s", body)
			}
		})
	}
	t.Run("nullable is honoured", func(t *testing.T) {
		inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"max_completion_tokens":null}`))
		if err := reqSchema.Validate(inst); err != nil {
			t.Errorf("null for a nullable field rejected: %v", err)
		}
	})
}
