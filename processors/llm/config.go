// Package llm is triage's client of an OpenAI-compatible chat completions
// API: one Complete call sends one prompt, asks for a JSON answer that
// follows a JSON Schema (structured outputs, strict), and returns the answer
// with its token usage and cost. Retries, rate limits, the per-call timeout
// and prompt truncation all happen inside Complete, and its errors carry the
// fallback reason (internal/failure) the caller reports when the rules answer
// instead.
//
// It works with OpenAI (the default base URL) and any server that speaks the
// OpenAI chat completions wire format through Config.BaseURL: vLLM, Ollama,
// LiteLLM, or Azure OpenAI's v1 API, whose base URL is
// https://RESOURCE.openai.azure.com/openai/v1 (no api-version query is needed
// there; the API key goes in as a bearer token, and Model is the deployment
// name).
package llm

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Defaults applied by New to zero-valued fields (DefaultMaxRetries is only
// the recommended value: MaxRetries 0 means no retry).
const (
	DefaultBaseURL         = "https://api.openai.com/v1"
	DefaultTimeout         = 20 * time.Second
	DefaultMaxRetries      = 2
	DefaultRetryBackoff    = 500 * time.Millisecond
	DefaultMaxInputTokens  = 3000
	DefaultMaxOutputTokens = 512
	DefaultConcurrency     = 64
)

// redacted stands in for the API key wherever a Config or an error is shown.
const redacted = "[REDACTED]"

// Config configures a Client. Zero values take the defaults above, except
// MaxRetries.
//
// APIKey is a secret: Config formats (fmt, any verb), logs (slog) and
// marshals (encoding/json) without it.
type Config struct {
	// BaseURL is the API root the paths are appended to, e.g.
	// https://api.openai.com/v1 (the default when empty).
	BaseURL string
	// APIKey is sent as "Authorization: Bearer <key>". Empty sends no
	// Authorization header (local servers that need none).
	APIKey string `json:"-"`
	// Model is the model (or Azure deployment) name. Required.
	Model string
	// Timeout bounds one HTTP call; rate-limiter waiting and retry backoff
	// are not part of it. Default 20s.
	Timeout time.Duration
	// Concurrency bounds the HTTP calls in progress at once; more wait for a
	// slot (rate-limit waits and retry backoff hold none). The default HTTP
	// client keeps as many idle connections to the server. Default 64.
	Concurrency int
	// MaxRetries is how many times a failed call (timeout, 429, 5xx, network
	// error) is retried inside one Complete. Unlike the other fields, 0 is
	// taken literally: no retry (internal/config's default is
	// DefaultMaxRetries).
	MaxRetries int
	// RetryBackoff is the first retry's backoff cap, doubled per retry, with
	// full jitter. Default 500ms.
	RetryBackoff time.Duration
	// RPM caps requests per minute (retries count). 0 means unlimited.
	RPM int
	// TPM caps tokens per minute: the estimated prompt plus MaxOutputTokens
	// per request. 0 means unlimited.
	TPM int
	// MaxInputTokens caps the estimated prompt; the truncatable message is
	// cut to fit (see Request.TruncatableIndex). Default 3000.
	MaxInputTokens int
	// MaxOutputTokens caps the answer (max_completion_tokens). Default 512.
	MaxOutputTokens int
	// Prices maps a model name to its price, for Response.CostUSD.
	Prices map[string]Price
	// Temperature is the sampling temperature, 0 to 2. Note: 0 is not sent
	// at all (go-openai omits a zero temperature), so the server's default
	// applies; use a small positive value such as 0.01 for near-greedy
	// sampling.
	Temperature float32
}

// Price is a model's price in USD per million tokens.
type Price struct {
	InputPerMTok  float64
	OutputPerMTok float64
}

// Validate reports every invalid field, each named as in the configuration
// file (llm.base_url, llm.model, ...). It never mentions the API key's value.
func (c Config) Validate() error {
	var errs []error
	bad := func(field, msg string, args ...any) {
		errs = append(errs, fmt.Errorf("llm.%s: %s", field, fmt.Sprintf(msg, args...)))
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		switch {
		case err != nil:
			bad("base_url", "not a URL")
		case u.Scheme != "http" && u.Scheme != "https":
			bad("base_url", "scheme must be http or https, got %q", u.Scheme)
		case u.Host == "":
			bad("base_url", "no host")
		case u.User != nil:
			bad("base_url", "must not carry credentials; use llm.api_key")
		}
	}
	if c.APIKey != strings.TrimSpace(c.APIKey) || strings.ContainsAny(c.APIKey, "\r\n") {
		bad("api_key", "has surrounding whitespace or a line break")
	}
	if strings.TrimSpace(c.Model) == "" {
		bad("model", "required")
	}
	if c.Timeout < 0 {
		bad("timeout", "must not be negative, got %s", c.Timeout)
	}
	if c.Concurrency < 0 {
		bad("concurrency", "must not be negative, got %d", c.Concurrency)
	}
	if c.MaxRetries < 0 {
		bad("max_retries", "must not be negative, got %d", c.MaxRetries)
	}
	if c.RetryBackoff < 0 {
		bad("retry_backoff", "must not be negative, got %s", c.RetryBackoff)
	}
	if c.RPM < 0 {
		bad("rpm", "must not be negative, got %d", c.RPM)
	}
	if c.TPM < 0 {
		bad("tpm", "must not be negative, got %d", c.TPM)
	}
	if c.MaxInputTokens < 0 {
		bad("max_input_tokens", "must not be negative, got %d", c.MaxInputTokens)
	}
	if c.MaxOutputTokens < 0 {
		bad("max_output_tokens", "must not be negative, got %d", c.MaxOutputTokens)
	}
	if c.Temperature < 0 || c.Temperature > 2 {
		bad("temperature", "must be between 0 and 2, got %g", c.Temperature)
	} else if isReasoningModel(c.Model) && c.Temperature != 0 && c.Temperature != 1 {
		bad("temperature", "model %q takes no temperature: leave it 0 (unset) or 1", c.Model)
	}
	for _, m := range sortedKeys(c.Prices) {
		if p := c.Prices[m]; p.InputPerMTok < 0 || p.OutputPerMTok < 0 {
			bad("prices", "%q: negative price", m)
		}
	}
	return errors.Join(errs...)
}

// withDefaults fills the zero-valued fields.
func (c Config) withDefaults() Config {
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.RetryBackoff == 0 {
		c.RetryBackoff = DefaultRetryBackoff
	}
	if c.Concurrency == 0 {
		c.Concurrency = DefaultConcurrency
	}
	if c.MaxInputTokens == 0 {
		c.MaxInputTokens = DefaultMaxInputTokens
	}
	if c.MaxOutputTokens == 0 {
		c.MaxOutputTokens = DefaultMaxOutputTokens
	}
	return c
}

// String shows the configuration with the API key redacted.
func (c Config) String() string {
	return fmt.Sprintf("llm.Config{BaseURL:%q APIKey:%s Model:%q Timeout:%s MaxRetries:%d RetryBackoff:%s RPM:%d TPM:%d MaxInputTokens:%d MaxOutputTokens:%d Prices:%v Temperature:%g}",
		c.BaseURL, keyState(c.APIKey), c.Model, c.Timeout, c.MaxRetries, c.RetryBackoff, c.RPM, c.TPM,
		c.MaxInputTokens, c.MaxOutputTokens, c.Prices, c.Temperature)
}

// GoString is String: %#v redacts the API key too.
func (c Config) GoString() string { return c.String() }

// Format makes every fmt verb (%v, %+v, %#v, %s, %d, ...) print String, so no
// verb can reach the APIKey field by reflection.
func (c Config) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue is the slog form: every field but the key, which shows only
// whether it is set.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", c.BaseURL),
		slog.String("api_key", keyState(c.APIKey)),
		slog.String("model", c.Model),
		slog.Duration("timeout", c.Timeout),
		slog.Int("max_retries", c.MaxRetries),
		slog.Duration("retry_backoff", c.RetryBackoff),
		slog.Int("rpm", c.RPM),
		slog.Int("tpm", c.TPM),
		slog.Int("max_input_tokens", c.MaxInputTokens),
		slog.Int("max_output_tokens", c.MaxOutputTokens),
		slog.Int("prices", len(c.Prices)),
		slog.Float64("temperature", float64(c.Temperature)),
	)
}

// isReasoningModel reports a model family that go-openai refuses to send a
// temperature other than 1 for.
func isReasoningModel(model string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}

// keyState shows whether a key is set, never the key.
func keyState(key string) string {
	if key == "" {
		return "(unset)"
	}
	return redacted
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
