package llm

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKey is the API key of every test client. Every error body of the fake
// server echoes it, so every error path is a redaction test.
const testKey = "sk-test-SECRET-0123456789abcdefXYZ"

// behaviour is how the fake server answers one call.
type behaviour int

const (
	answerOK        behaviour = iota
	answerSlow                // waits fakeServer.slow, then answers ok
	answerHang                // never answers; the client must give up
	answer429                 // 429 with Retry-After (fakeServer.retryAfter)
	answer503                 // 503 with Retry-After (fakeServer.retryAfter)
	answer500                 // 500 with a JSON error body
	answer500Text             // 500 with a plain-text body (go-openai's RequestError)
	answer400                 // 400 invalid_request_error
	answer401                 // 401 whose message echoes the bearer key, as OpenAI does
	answerMalformed           // 200 with a body that is not JSON
	answerNoChoices           // 200 with "choices": []
	answerLength              // 200 with finish_reason "length"
	answerRefusal             // 200 with a refusal and no content
)

// fakeServer speaks the OpenAI chat completions wire format: POST
// /chat/completions in, a chat.completion object or an
// {"error":{"message","type","code"}} body with the status code out. It
// follows script, one behaviour per call, repeating the last one.
type fakeServer struct {
	*httptest.Server
	script     []behaviour
	content    string        // the answer's content
	slow       time.Duration // answerSlow's delay
	retryAfter string        // the Retry-After header of 429 and 503; "" sends none

	mu     sync.Mutex
	calls  int
	bodies [][]byte    // request bodies, in arrival order
	times  []time.Time // arrival times
	auth   []string    // Authorization headers
	done   chan struct{}
}

func newFakeServer(t testing.TB, script ...behaviour) *fakeServer {
	t.Helper()
	if len(script) == 0 {
		script = []behaviour{answerOK}
	}
	s := &fakeServer{
		script:     script,
		content:    `{"intent":"refund","confidence":0.92}`,
		slow:       150 * time.Millisecond,
		retryAfter: "1",
		done:       make(chan struct{}),
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	t.Cleanup(s.Close)
	t.Cleanup(func() { close(s.done) }) // runs first: releases hanging handlers
	return s
}

// Calls is the number of requests received.
func (s *fakeServer) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// Bodies are the request bodies received.
func (s *fakeServer) Bodies() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.bodies...)
}

// Times are the arrival times of the requests.
func (s *fakeServer) Times() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.times...)
}

func (s *fakeServer) handle(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	b := s.script[min(s.calls, len(s.script)-1)]
	s.calls++
	s.bodies = append(s.bodies, body)
	s.times = append(s.times, time.Now())
	s.auth = append(s.auth, r.Header.Get("Authorization"))
	s.mu.Unlock()

	if r.Method != http.MethodPost || r.URL.Path != "/chat/completions" {
		writeError(w, http.StatusNotFound, "unknown path "+r.URL.Path, "invalid_request_error", "not_found")
		return
	}
	key := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	echo := " (request from key " + key + ")" // servers do echo keys; the client must redact them
	switch b {
	case answerOK:
		writeCompletion(w, s.content, "stop")
	case answerSlow:
		select {
		case <-time.After(s.slow):
			writeCompletion(w, s.content, "stop")
		case <-r.Context().Done():
		}
	case answerHang:
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
	case answer429:
		if s.retryAfter != "" {
			w.Header().Set("Retry-After", s.retryAfter)
		}
		writeError(w, http.StatusTooManyRequests, "Rate limit reached for requests"+echo, "requests", "rate_limit_exceeded")
	case answer503:
		if s.retryAfter != "" {
			w.Header().Set("Retry-After", s.retryAfter)
		}
		writeError(w, http.StatusServiceUnavailable, "The server is overloaded"+echo, "server_error", "")
	case answer500:
		writeError(w, http.StatusInternalServerError, "The server had an error"+echo, "server_error", "")
	case answer500Text:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, "<html><body>upstream proxy error%s</body></html>", echo)
	case answer400:
		writeError(w, http.StatusBadRequest, "Invalid schema for response_format"+echo, "invalid_request_error", "invalid_value")
	case answer401:
		writeError(w, http.StatusUnauthorized, "Incorrect API key provided: "+key+". You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key")
	case answerMalformed:
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id": "chatcmpl-1", "choices": [ oops`)
	case answerNoChoices:
		writeJSON(w, http.StatusOK, completion("", "stop", 0))
	case answerLength:
		writeCompletion(w, s.content[:10], "length")
	case answerRefusal:
		c := completion("", "stop", 1)
		c["choices"].([]any)[0].(map[string]any)["message"].(map[string]any)["refusal"] = "I can't help with that."
		writeJSON(w, http.StatusOK, c)
	}
}

// completion is a chat.completion object with n choices (0 or 1).
func completion(content, finish string, n int) map[string]any {
	choices := []any{}
	if n > 0 {
		choices = append(choices, map[string]any{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": content, "refusal": nil},
			"logprobs":      nil,
			"finish_reason": finish,
		})
	}
	return map[string]any{
		"id":                 "chatcmpl-test",
		"object":             "chat.completion",
		"created":            1_700_000_000,
		"model":              "gpt-4o-mini-2024-07-18",
		"choices":            choices,
		"usage":              map[string]any{"prompt_tokens": 1200, "completion_tokens": 80, "total_tokens": 1280},
		"system_fingerprint": "fp_test",
	}
}

func writeCompletion(w http.ResponseWriter, content, finish string) {
	writeJSON(w, http.StatusOK, completion(content, finish, 1))
}

func writeError(w http.ResponseWriter, status int, msg, typ, code string) {
	var c any
	if code != "" {
		c = code
	}
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": c}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// fakeClock is a Clock whose Sleep returns at once, advancing Now by the
// requested duration and recording it.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Now()} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(max(d, 0))
	c.sleeps = append(c.sleeps, d)
	return nil
}

// Slept is every Sleep's duration, in order.
func (c *fakeClock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// testConfig is a config for a client of srv: a short backoff, and a
// timeout (hangBound) that only a hanging server reaches.
func testConfig(srv *fakeServer) Config {
	return Config{
		BaseURL:      srv.URL,
		APIKey:       testKey,
		Model:        "gpt-4o-mini",
		Timeout:      hangBound,
		MaxRetries:   DefaultMaxRetries,
		RetryBackoff: 10 * time.Millisecond,
		Prices:       map[string]Price{"gpt-4o-mini": {InputPerMTok: 0.15, OutputPerMTok: 0.60}},
	}
}

func newTestClient(t testing.TB, cfg Config, opts ...Option) *Client {
	t.Helper()
	c, err := New(cfg, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// testRequest is a typical triage request: a system prompt, the untrusted
// email in a truncatable user message, and an answer schema.
func testRequest(email string) Request {
	return Request{
		Messages: []Message{
			{Role: RoleSystem, Content: "You classify customer emails. Answer with JSON only."},
			{Role: RoleUser, Content: "<email>\n" + email + "\n</email>"},
		},
		SchemaName:       "triage_decision",
		Schema:           json.RawMessage(`{"type":"object","properties":{"intent":{"type":"string"},"confidence":{"type":"number"}},"required":["intent","confidence"],"additionalProperties":false}`),
		TruncatableIndex: 1,
	}
}
