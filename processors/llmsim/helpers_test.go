package llmsim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// routeSchema is a routing schema with an enumerated queue and a confidence.
const routeSchema = `{"type":"object","properties":{"queue":{"type":"string","enum":["billing","tech"]},"confidence":{"type":"number","minimum":0,"maximum":1}},"required":["queue","confidence"],"additionalProperties":false}`

// routeBody is a valid routing request.
const routeBody = `{"model":"sim-1","messages":[{"role":"system","content":"Route the ticket."},{"role":"user","content":"I was charged twice."}],` +
	`"response_format":{"type":"json_schema","json_schema":{"name":"route_v1","strict":true,"schema":` + routeSchema + `}},"max_tokens":200,"temperature":0}`

// testAnswers answers both tasks honestly.
var testAnswers = EchoAnswerer(map[string]json.RawMessage{
	TaskRoute:   json.RawMessage(`{"queue":"billing","confidence":0.9}`),
	TaskExtract: json.RawMessage(`{"is_order":true,"currency":"EUR","items":[{"product":"paper","quantity":2}]}`),
})

// newTestServer serves a Server over httptest and closes both at cleanup.
func newTestServer(t *testing.T, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	s := New(cfg, testAnswers)
	return s, newHTTPTest(t, s)
}

// newHTTPTest serves s over httptest; at cleanup it closes s (releasing
// hangs) and then the test server.
func newHTTPTest(t *testing.T, s *Server) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	return ts
}

// post sends body to url with the given headers and returns the response
// with its body read.
func post(t *testing.T, url, body string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// errorBody is the OpenAI error body.
type errorBody struct {
	Error struct {
		Message string  `json:"message"`
		Type    string  `json:"type"`
		Param   *string `json:"param"`
		Code    *string `json:"code"`
	} `json:"error"`
}

// decodeError decodes b as an OpenAI error body, failing the test otherwise.
func decodeError(t *testing.T, b []byte) errorBody {
	t.Helper()
	var e errorBody
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil || e.Error.Message == "" || e.Error.Type == "" {
		t.Fatalf("not an OpenAI error body: %s (%v)", b, err)
	}
	return e
}

// replyContent decodes a chat completion body and returns its message content.
func replyContent(t *testing.T, b []byte) string {
	t.Helper()
	var r chatResponse
	if err := json.Unmarshal(b, &r); err != nil || len(r.Choices) != 1 {
		t.Fatalf("not a chat completion: %s (%v)", b, err)
	}
	return r.Choices[0].Message.Content
}
