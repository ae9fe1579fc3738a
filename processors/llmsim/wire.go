package llmsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// chatRequest is the part of a Chat Completions request body the simulator
// reads; unknown fields are ignored, as by the real API.
type chatRequest struct {
	Model               string          `json:"model"`
	Messages            []chatMessage   `json:"messages"`
	ResponseFormat      *responseFormat `json:"response_format"`
	MaxTokens           *int            `json:"max_tokens"`
	MaxCompletionTokens *int            `json:"max_completion_tokens"`
	Temperature         *float64        `json:"temperature"`
	N                   *int            `json:"n"`
	Stream              bool            `json:"stream"`
}

type chatMessage struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
}

type responseFormat struct {
	Type       string      `json:"type"`
	JSONSchema *jsonSchema `json:"json_schema"`
}

type jsonSchema struct {
	Name   string          `json:"name"`
	Schema json.RawMessage `json:"schema"`
	Strict bool            `json:"strict"`
}

// text returns the message content: a string, or the text parts of a content
// array joined by newlines; null or absent content is "".
func (m chatMessage) text() (string, error) {
	c := bytes.TrimSpace(m.Content)
	if len(c) == 0 || string(c) == "null" {
		return "", nil
	}
	var s string
	if json.Unmarshal(c, &s) == nil {
		return s, nil
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(c, &parts); err != nil {
		return "", fmt.Errorf("content is neither a string nor an array of parts")
	}
	var texts []string
	for _, p := range parts {
		if p.Type == "text" {
			texts = append(texts, p.Text)
		}
	}
	return strings.Join(texts, "\n"), nil
}

// apiError is an OpenAI error response: status code and body.
type apiError struct {
	Status  int     `json:"-"`
	Message string  `json:"message"`
	Type    string  `json:"type"`
	Param   *string `json:"param"`
	Code    *string `json:"code"`
}

func newAPIError(status int, typ, code, param, format string, args ...any) *apiError {
	e := &apiError{Status: status, Type: typ, Message: fmt.Sprintf(format, args...)}
	if code != "" {
		e.Code = &code
	}
	if param != "" {
		e.Param = &param
	}
	return e
}

// invalid is a 400 invalid_request_error about param.
func invalid(code, param, format string, args ...any) *apiError {
	return newAPIError(http.StatusBadRequest, "invalid_request_error", code, param, format, args...)
}

// write sends e as {"error":{...}} with its status.
func (e *apiError) write(w http.ResponseWriter) {
	writeJSON(w, e.Status, struct {
		Error *apiError `json:"error"`
	}{e})
}

// writeJSON sends v as JSON with status; like the real API, <, > and & are
// not escaped.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":{"message":"llmsim: cannot encode response","type":"server_error","param":null,"code":null}}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

var validRoles = map[string]bool{"system": true, "developer": true, "user": true, "assistant": true, "tool": true, "function": true}

// decodeRequest parses and validates a request body like the real API does,
// for the fields the simulator understands. model is Config.Model.
func decodeRequest(body []byte, model string) (*chatRequest, *apiError) {
	var req chatRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, invalid("invalid_json", "", "We could not parse the JSON body of your request. (llmsim: %v)", err)
	}
	switch {
	case req.Model == "":
		return nil, invalid("missing_required_parameter", "model", "you must provide a model parameter")
	case model != "" && req.Model != model:
		return nil, newAPIError(http.StatusNotFound, "invalid_request_error", "model_not_found", "model",
			"The model `%s` does not exist or you do not have access to it. (llmsim serves %q)", req.Model, model)
	case len(req.Messages) == 0:
		return nil, invalid("missing_required_parameter", "messages", "you must provide a non-empty messages parameter")
	case req.Stream:
		return nil, invalid("unsupported_value", "stream", "llmsim does not simulate streaming")
	case req.N != nil && *req.N != 1:
		return nil, invalid("unsupported_value", "n", "llmsim only produces n=1")
	case req.Temperature != nil && (*req.Temperature < 0 || *req.Temperature > 2):
		return nil, invalid("invalid_value", "temperature", "%v is not in [0, 2] - 'temperature'", *req.Temperature)
	case req.MaxTokens != nil && *req.MaxTokens < 1:
		return nil, invalid("invalid_value", "max_tokens", "%d is less than the minimum of 1 - 'max_tokens'", *req.MaxTokens)
	case req.MaxCompletionTokens != nil && *req.MaxCompletionTokens < 1:
		return nil, invalid("invalid_value", "max_completion_tokens", "%d is less than the minimum of 1 - 'max_completion_tokens'", *req.MaxCompletionTokens)
	}
	for i, m := range req.Messages {
		if !validRoles[m.Role] {
			return nil, invalid("invalid_value", fmt.Sprintf("messages[%d].role", i), "Invalid value: '%s'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.", m.Role)
		}
		if _, err := m.text(); err != nil {
			return nil, invalid("invalid_type", fmt.Sprintf("messages[%d].content", i), "Invalid content: %v", err)
		}
	}
	if rf := req.ResponseFormat; rf != nil {
		switch rf.Type {
		case "text", "json_object":
		case "json_schema":
			if rf.JSONSchema == nil || rf.JSONSchema.Name == "" {
				return nil, invalid("missing_required_parameter", "response_format.json_schema.name", "Missing required parameter: 'response_format.json_schema.name'.")
			}
			if s := bytes.TrimSpace(rf.JSONSchema.Schema); len(s) > 0 && s[0] != '{' {
				return nil, invalid("invalid_type", "response_format.json_schema.schema", "Invalid type for 'response_format.json_schema.schema': expected an object.")
			}
		default:
			return nil, invalid("invalid_value", "response_format.type", "Invalid value: '%s'. Supported values are: 'text', 'json_object' and 'json_schema'.", rf.Type)
		}
	}
	return &req, nil
}

// prompts returns the system (system and developer messages) and user texts,
// each joined by blank lines, and the byte length of all message contents.
// Assistant and tool messages count towards the length only.
func (r *chatRequest) prompts() (system, user string, size int) {
	var sys, usr []string
	for _, m := range r.Messages {
		t, _ := m.text() // validated by decodeRequest
		size += len(t)
		switch m.Role {
		case "system", "developer":
			sys = append(sys, t)
		case "user":
			usr = append(usr, t)
		}
	}
	return strings.Join(sys, "\n\n"), strings.Join(usr, "\n\n"), size
}

// schema returns the requested JSON schema, or nil without one.
func (r *chatRequest) schema() json.RawMessage {
	if r.ResponseFormat == nil || r.ResponseFormat.JSONSchema == nil {
		return nil
	}
	return r.ResponseFormat.JSONSchema.Schema
}

// maxTokens returns the smaller of max_tokens and max_completion_tokens, 0
// when neither is set.
func (r *chatRequest) maxTokens() int {
	n := 0
	for _, p := range []*int{r.MaxTokens, r.MaxCompletionTokens} {
		if p != nil && (n == 0 || *p < n) {
			n = *p
		}
	}
	return n
}

// estimateTokens is the simulator's token count for n bytes: ceil(n/4). It is
// an estimate of the order of magnitude, not tiktoken.
func estimateTokens(n int) int { return (n + 3) / 4 }

type chatResponse struct {
	ID                string       `json:"id"`
	Object            string       `json:"object"`
	Created           int64        `json:"created"`
	Model             string       `json:"model"`
	SystemFingerprint string       `json:"system_fingerprint"`
	Choices           []chatChoice `json:"choices"`
	Usage             chatUsage    `json:"usage"`
}

type chatChoice struct {
	Index        int             `json:"index"`
	Message      assistantReply  `json:"message"`
	Logprobs     json.RawMessage `json:"logprobs"`
	FinishReason string          `json:"finish_reason"`
}

type assistantReply struct {
	Role    string  `json:"role"`
	Content string  `json:"content"`
	Refusal *string `json:"refusal"`
}

type chatUsage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}
