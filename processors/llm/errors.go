package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Sentinel errors of Complete, for errors.Is.
var (
	// ErrInvalidRequest is a Request that Complete refuses to send.
	ErrInvalidRequest = errors.New("invalid request")
	// ErrPromptTooLong is a prompt over Config.MaxInputTokens that cannot be
	// cut to fit (no truncatable message, or the rest alone is too long).
	ErrPromptTooLong = errors.New("prompt over the input token limit")
	// ErrBadAnswer is a response without a usable answer: no choices, empty
	// content, a refusal, an answer cut at the token limit or by the content
	// filter, or content that is not JSON when a schema was asked for.
	ErrBadAnswer = errors.New("no usable answer")
)

// maxMessageBytes bounds the server text an Error carries.
const maxMessageBytes = 512

// Error is one failed exchange with the API, as Complete reports it: the
// HTTP status (0 when no response came), the error type and code from the
// body, and a message from which the API key has been removed. It never
// holds the raw response body; Unwrap gives only transport and context
// errors (so errors.Is(err, context.DeadlineExceeded) works).
type Error struct {
	StatusCode int
	Type, Code string
	Message    string
	RetryAfter time.Duration // the server's Retry-After, if it sent one
	cause      error
}

func (e *Error) Error() string {
	if e.StatusCode == 0 {
		return e.Message
	}
	var b strings.Builder
	fmt.Fprintf(&b, "status %d", e.StatusCode)
	if e.Code != "" || e.Type != "" {
		fmt.Fprintf(&b, " (%s)", strings.Trim(e.Type+" "+e.Code, " "))
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.cause }

// GoString keeps %#v from printing the cause's fields.
func (e *Error) GoString() string { return fmt.Sprintf("&llm.Error{%q}", e.Error()) }

// kind is what went wrong in one attempt; it decides retry and fallback.
type kind int

const (
	kindLocal       kind = iota // refused before sending (go-openai's own checks)
	kindCanceled                // the caller's ctx was cancelled
	kindTimeout                 // the per-call timeout or the caller's deadline
	kindRateLimited             // 429
	kindServer                  // 5xx
	kindNetwork                 // no response, or the body broke off
	kindClient                  // another 4xx (or a non-2xx that is no error status)
	kindMalformed               // 2xx whose body is not a chat completion
)

func (k kind) retryable() bool {
	return k == kindTimeout || k == kindRateLimited || k == kindServer || k == kindNetwork
}

// classify describes err, the error of one attempt made under attemptCtx (a
// child of ctx) whose HTTP exchange x recorded.
func (c *Client) classify(ctx, attemptCtx context.Context, err error, x *exchange) (kind, *Error) {
	status, retryAfter, sent := x.result(c.clock.Now())
	e := &Error{RetryAfter: retryAfter}
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		e.Message, e.cause = c.redact(err.Error()), ctx.Err()
		return kindCanceled, e
	case attemptCtx.Err() != nil:
		e.Message = fmt.Sprintf("no answer in time (per-call timeout %s, or the caller's deadline): %s", c.cfg.Timeout, c.redact(err.Error()))
		e.cause = context.DeadlineExceeded
		return kindTimeout, e
	case errors.As(err, &apiErr):
		e.StatusCode = apiErr.HTTPStatusCode
		e.Type, e.Message = c.redact(apiErr.Type), c.redact(apiErr.Message)
		// go-openai decodes "code": null as the int 0.
		if code := fmt.Sprint(apiErr.Code); apiErr.Code != nil && code != "0" {
			e.Code = c.redact(code)
		}
	case errors.As(err, &reqErr):
		e.StatusCode = reqErr.HTTPStatusCode
		e.Message = c.redact(strings.TrimSpace(string(reqErr.Body)))
	case !sent:
		e.Message, e.cause = c.redact(err.Error()), err
		return kindLocal, e
	case status >= 200 && status < 300 && !errors.Is(err, io.ErrUnexpectedEOF):
		e.StatusCode = status
		e.Message = "response is not a chat completion: " + c.redact(err.Error())
		return kindMalformed, e
	default:
		e.Message, e.cause = c.redact(err.Error()), err
		return kindNetwork, e
	}
	if e.StatusCode == 0 {
		e.StatusCode = status
	}
	switch {
	case e.StatusCode == http.StatusTooManyRequests:
		return kindRateLimited, e
	case e.StatusCode >= 500:
		return kindServer, e
	default:
		return kindClient, e
	}
}

// redact removes the API key from s and bounds its length.
func (c *Client) redact(s string) string {
	if c.cfg.APIKey != "" {
		s = strings.ReplaceAll(s, c.cfg.APIKey, redacted)
	}
	if len(s) > maxMessageBytes {
		s = strings.ToValidUTF8(s[:maxMessageBytes], "") + "…"
	}
	return s
}
