package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/triage/triage/internal/failure"
)

// Client calls an OpenAI-compatible chat completions API. It is safe for
// concurrent use; its rate limits are shared by all its calls.
type Client struct {
	cfg     Config
	api     *openai.Client
	counter *Counter
	limiter *Limiter
	slots   chan struct{} // Config.Concurrency: HTTP calls in progress
	park    func(context.Context) func()
	clock   Clock
	prices  *pricer
}

// Option customises New.
type Option func(*options)

type options struct {
	http  *http.Client
	clock Clock
	log   *slog.Logger
	park  func(context.Context) func()
}

// WithHTTPClient makes the Client send through hc (its Transport, proxy,
// TLS settings). hc itself is not modified. Config.Timeout still bounds each
// call; hc.Timeout, if set, bounds it too. Without it (or with hc's
// Transport nil) the Client uses a copy of http.DefaultTransport keeping
// Config.Concurrency idle connections to the server, not Go's default 2,
// so that calls at full concurrency reuse their connections.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.http = hc } }

// WithClock replaces the wall clock for rate-limit waits, retry backoff and
// latency measurement (tests). The per-call timeout stays in real time.
func WithClock(c Clock) Option { return func(o *options) { o.clock = c } }

// WithLogger gives the Client a logger for its rare warnings (a model
// without a price). Without one it logs nothing.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// WithParking gives the Client a function to call when a call must wait
// for a Concurrency slot; the function it returns is called once the wait
// ends (slot taken or ctx ended). The consumer's Park fits: a record
// waiting for an LLM slot then holds no kafka.max_in_flight slot.
func WithParking(park func(ctx context.Context) (resume func())) Option {
	return func(o *options) { o.park = park }
}

// New validates cfg, applies its defaults and returns a Client. It loads the
// model's tokenizer (a few hundred ms for the first Client of an encoding).
func New(cfg Config, opts ...Option) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("llm: config: %w", err)
	}
	cfg = cfg.withDefaults()
	o := options{http: &http.Client{}, clock: realClock{}}
	for _, opt := range opts {
		opt(&o)
	}
	counter, err := NewCounter(cfg.Model)
	if err != nil {
		return nil, err
	}
	hc := *o.http
	base := hc.Transport
	if base == nil {
		base = pooled(cfg.Concurrency)
	}
	hc.Transport = captureTransport{base: base}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = cfg.BaseURL
	oc.HTTPClient = &hc
	limiter := NewLimiter(cfg.RPM, cfg.TPM)
	limiter.clock = o.clock
	return &Client{
		cfg:     cfg,
		api:     openai.NewClientWithConfig(oc),
		counter: counter,
		limiter: limiter,
		slots:   make(chan struct{}, cfg.Concurrency),
		park:    o.park,
		clock:   o.clock,
		prices:  &pricer{prices: cfg.Prices, fallback: cfg.Model, log: o.log},
	}, nil
}

// Response is an answer and what it cost.
type Response struct {
	Content          string        // the answer; with a Schema, a JSON document
	Model            string        // the model that answered, as the server names it
	PromptTokens     int           // from the server's usage
	CompletionTokens int           // from the server's usage
	CostUSD          float64       // from Config.Prices; 0 when the model has no price
	Latency          time.Duration // the whole Complete call, waits and retries included
	LimiterWait      time.Duration // the part of Latency spent waiting for the rate limits or a call slot (Config.Concurrency)
	Attempts         int           // HTTP calls tried, at least 1 once a call was made
	Truncated        bool          // the truncatable message was cut to fit MaxInputTokens
}

// Complete sends req and returns the answer. It blocks through rate-limit
// waits, the HTTP calls (each bounded by Config.Timeout, which starts after
// the limiter admits the call) and up to Config.MaxRetries retries with
// jittered exponential backoff; it returns early when ctx ends.
//
// Every error but cancellation carries a failure.FallbackError:
//   - 429: rate_limited, retryable after the server's Retry-After;
//   - 5xx or a network error: upstream_error, retryable;
//   - the per-call timeout or ctx's deadline: timeout, retryable, and
//     errors.Is(err, context.DeadlineExceeded);
//   - another 4xx, or a 2xx body that is no chat completion: upstream_error;
//   - the local rate limit cannot admit the call before ctx's deadline:
//     rate_limited (ErrLimited);
//   - no call slot (Config.Concurrency) frees before ctx's deadline:
//     timeout, retryable;
//   - no choices, empty content, a refusal, an answer cut by the token limit
//     or the content filter, non-JSON content with a Schema: invalid_output
//     (ErrBadAnswer), with the Response's usage and cost still filled in.
//
// Retries stop at once when the wait (backoff, or a Retry-After of a 429 or
// 503) would pass ctx's deadline, or the Retry-After exceeds 30s. When ctx is
// cancelled, Complete returns at once an error wrapping context.Canceled
// (failure.IsCanceled) and no fallback reason. ErrInvalidRequest and
// ErrPromptTooLong come unmarked: they are the caller's to fix.
func (c *Client) Complete(ctx context.Context, req Request) (resp Response, err error) {
	start := c.clock.Now()
	defer func() { resp.Latency = c.clock.Now().Sub(start) }()
	if err := ctx.Err(); err != nil {
		return resp, fmt.Errorf("llm: complete: %w", err)
	}
	msgs, estimate, truncated, err := c.messages(req)
	if err != nil {
		return resp, err
	}
	resp.Truncated = truncated
	creq := c.chatRequest(msgs, req)
	for attempt := 1; ; attempt++ {
		waitStart := c.clock.Now()
		err := c.limiter.Wait(ctx, estimate+c.cfg.MaxOutputTokens)
		resp.LimiterWait += c.clock.Now().Sub(waitStart)
		switch {
		case errors.Is(err, context.Canceled):
			return resp, fmt.Errorf("llm: complete: %w", err)
		case err != nil:
			return resp, failure.WithFallback(failure.RateLimited, fmt.Errorf("llm: complete: %w", err))
		}
		if err := c.acquire(ctx, &resp); err != nil {
			return resp, err
		}
		resp.Attempts = attempt
		out, k, e := c.attempt(ctx, creq)
		<-c.slots
		if e == nil {
			return c.answer(resp, req, out)
		}
		if k == kindCanceled {
			return resp, fmt.Errorf("llm: complete: %w", e)
		}
		if !k.retryable() || attempt > c.cfg.MaxRetries || e.RetryAfter > maxRetryAfter {
			return resp, final(k, e, attempt)
		}
		wait := max(backoff(c.cfg.RetryBackoff, attempt), e.RetryAfter)
		if deadline, ok := ctx.Deadline(); ok && !c.clock.Now().Add(wait).Before(deadline) {
			return resp, final(k, e, attempt)
		}
		if err := c.clock.Sleep(ctx, wait); err != nil {
			if errors.Is(err, context.Canceled) {
				return resp, fmt.Errorf("llm: complete: %w", err)
			}
			return resp, final(k, e, attempt)
		}
	}
}

// acquire waits for a Concurrency slot, adding the wait to
// resp.LimiterWait. When ctx ends first it returns the error Complete
// returns: cancellation unmarked, a deadline as a timeout fallback.
func (c *Client) acquire(ctx context.Context, resp *Response) error {
	select {
	case c.slots <- struct{}{}:
		return nil
	default:
	}
	start := c.clock.Now()
	defer func() { resp.LimiterWait += c.clock.Now().Sub(start) }()
	if c.park != nil {
		defer c.park(ctx)()
	}
	select {
	case c.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		err := fmt.Errorf("llm: complete: waiting for one of %d call slots (llm.concurrency): %w", cap(c.slots), ctx.Err())
		if errors.Is(ctx.Err(), context.Canceled) {
			return err
		}
		return failure.WithFallback(failure.Timeout, failure.Retryable(err, 0))
	}
}

// pooled is http.DefaultTransport keeping n idle connections per host.
func pooled(n int) http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = max(t.MaxIdleConns, n)
	t.MaxIdleConnsPerHost = n
	return t
}

// attempt makes one HTTP call under the per-call timeout.
func (c *Client) attempt(ctx context.Context, creq openai.ChatCompletionRequest) (openai.ChatCompletionResponse, kind, *Error) {
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	x := &exchange{}
	out, err := c.api.CreateChatCompletion(withExchange(actx, x), creq)
	if err == nil {
		return out, 0, nil
	}
	k, e := c.classify(ctx, actx, err, x)
	return out, k, e
}

// final is the error Complete returns for e, of kind k, after attempts.
func final(k kind, e *Error, attempts int) error {
	err := fmt.Errorf("llm: complete: %d attempt(s): %w", attempts, e)
	switch k {
	case kindTimeout:
		return failure.WithFallback(failure.Timeout, failure.Retryable(err, 0))
	case kindRateLimited:
		return failure.WithFallback(failure.RateLimited, failure.Retryable(err, e.RetryAfter))
	case kindServer:
		return failure.WithFallback(failure.UpstreamError, failure.Retryable(err, e.RetryAfter))
	case kindNetwork:
		return failure.WithFallback(failure.UpstreamError, failure.Retryable(err, 0))
	default:
		return failure.WithFallback(failure.UpstreamError, err)
	}
}

// chatRequest is the wire request: max_completion_tokens (max_tokens is
// deprecated, and refused by reasoning models), the temperature, and with a
// schema a strict json_schema response format.
func (c *Client) chatRequest(msgs []openai.ChatCompletionMessage, req Request) openai.ChatCompletionRequest {
	creq := openai.ChatCompletionRequest{
		Model:               c.cfg.Model,
		Messages:            msgs,
		MaxCompletionTokens: c.cfg.MaxOutputTokens,
		Temperature:         c.cfg.Temperature,
	}
	if len(req.Schema) > 0 {
		creq.ResponseFormat = &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name:   req.SchemaName,
				Schema: req.Schema,
				Strict: true,
			},
		}
	}
	return creq
}

// String shows the client without its API key.
func (c *Client) String() string {
	return fmt.Sprintf("llm.Client{model:%q base_url:%q}", c.cfg.Model, c.cfg.BaseURL)
}

// Format makes every fmt verb print String, so none reaches the key by
// reflection.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue is the slog form: the configuration without the key.
func (c *Client) LogValue() slog.Value { return c.cfg.LogValue() }
