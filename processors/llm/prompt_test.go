package llm

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// sentPrompt decodes a captured request body and estimates its prompt with
// the client's accounting.
func sentPrompt(t *testing.T, c *Client, body []byte) (msgs []struct{ Role, Content string }, tokens int) {
	t.Helper()
	var req struct {
		Messages       []struct{ Role, Content string }
		ResponseFormat struct {
			JSONSchema struct {
				Name   string
				Schema json.RawMessage
			} `json:"json_schema"`
		} `json:"response_format"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		t.Fatalf("request body: %v", err)
	}
	tokens = tokensReplyPriming + c.counter.Count(req.ResponseFormat.JSONSchema.Name) + c.counter.Count(string(req.ResponseFormat.JSONSchema.Schema))
	for _, m := range req.Messages {
		tokens += tokensPerMessage + c.counter.Count(m.Role) + c.counter.Count(m.Content)
	}
	return req.Messages, tokens
}

func TestCompleteTruncatesAHugeEmail(t *testing.T) {
	t.Parallel()
	srv := newFakeServer(t)
	cfg := testConfig(srv)
	cfg.MaxInputTokens = 3000
	c := newTestClient(t, cfg)
	body := "FIRST LINE: order 4711\n" + strings.Repeat("Sehr geehrte Damen und Herren, die Lieferung ist beschädigt angekommen. ", 1<<20/75) + "\nLAST LINE: regards, Ana"
	req := testRequest(body)
	resp, err := c.Complete(context.Background(), req)
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if !resp.Truncated {
		t.Errorf("Truncated = false for a 1 MB email")
	}
	msgs, tokens := sentPrompt(t, c, srv.Bodies()[0])
	if tokens > cfg.MaxInputTokens || tokens < cfg.MaxInputTokens*9/10 {
		t.Errorf("sent prompt is about %d tokens, want <= %d and close to it", tokens, cfg.MaxInputTokens)
	}
	if msgs[0].Content != req.Messages[0].Content {
		t.Errorf("the system prompt was changed")
	}
	user := msgs[1].Content
	if !strings.HasPrefix(user, "<email>\nFIRST LINE") || !strings.HasSuffix(user, "LAST LINE: regards, Ana\n</email>") || !strings.Contains(user, "tokens omitted …]") {
		t.Errorf("the email lost its delimiters, ends or marker: %.80q … %.80q", user, user[len(user)-80:])
	}
}

func TestCompleteSendsShortPromptsUnchanged(t *testing.T) {
	t.Parallel()
	srv := newFakeServer(t)
	c := newTestClient(t, testConfig(srv))
	req := testRequest("Where is my parcel?")
	resp, err := c.Complete(context.Background(), req)
	if err != nil || resp.Truncated {
		t.Fatalf("Complete: %v, truncated %v", err, resp.Truncated)
	}
	msgs, _ := sentPrompt(t, c, srv.Bodies()[0])
	for i, m := range msgs {
		if m.Role != req.Messages[i].Role || m.Content != req.Messages[i].Content {
			t.Errorf("message %d sent as %+v, want %+v", i, m, req.Messages[i])
		}
	}
}

func TestCompleteRefusesBadRequestsWithoutCalling(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 5000)
	ok := testRequest("hi")
	for _, tc := range []struct {
		name   string
		change func(*Request)
		want   error
	}{
		{"no messages", func(r *Request) { r.Messages = nil }, ErrInvalidRequest},
		{"unknown role", func(r *Request) { r.Messages[0].Role = "tool" }, ErrInvalidRequest},
		{"empty content", func(r *Request) { r.Messages[1].Content = " " }, ErrInvalidRequest},
		{"truncatable index out of range", func(r *Request) { r.TruncatableIndex = 2 }, ErrInvalidRequest},
		{"negative truncatable index", func(r *Request) { r.TruncatableIndex = -1 }, ErrInvalidRequest},
		{"schema without name", func(r *Request) { r.SchemaName = "" }, ErrInvalidRequest},
		{"bad schema name", func(r *Request) { r.SchemaName = "triage decision" }, ErrInvalidRequest},
		{"schema not an object", func(r *Request) { r.Schema = json.RawMessage(`[1]`) }, ErrInvalidRequest},
		{"schema not JSON", func(r *Request) { r.Schema = json.RawMessage(`{`) }, ErrInvalidRequest},
		{"name without schema", func(r *Request) { r.Schema = nil }, ErrInvalidRequest},
		{"too long, nothing truncatable", func(r *Request) { r.Messages[1].Content = long; r.TruncatableIndex = 0 }, ErrPromptTooLong},
		{"too long without the truncatable part", func(r *Request) { r.Messages[0].Content = long }, ErrPromptTooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newFakeServer(t)
			cfg := testConfig(srv)
			cfg.MaxInputTokens = 1000
			req := ok
			req.Messages = append([]Message(nil), ok.Messages...)
			tc.change(&req)
			_, err := newTestClient(t, cfg).Complete(context.Background(), req)
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if srv.Calls() != 0 {
				t.Errorf("server saw %d calls, want none", srv.Calls())
			}
		})
	}
}
