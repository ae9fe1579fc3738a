package llm

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Retry timing limits.
const (
	// maxBackoff caps one jittered backoff.
	maxBackoff = 30 * time.Second
	// maxRetryAfter is the longest server-requested wait Complete sits out
	// itself; a longer one ends Complete with a retryable error carrying it,
	// for the caller's retry policy to decide.
	maxRetryAfter = 30 * time.Second
)

// exchange records, for one attempt, what go-openai's errors do not expose:
// whether a request went out and the status and Retry-After of the last
// response. It rides on the request's context to captureTransport; it is
// safe for concurrent use.
type exchange struct {
	mu           sync.Mutex
	sent         bool
	status       int
	retryAfter   string // Retry-After: seconds or an HTTP date
	retryAfterMS string // retry-after-ms (OpenAI, Azure): milliseconds
}

type exchangeKey struct{}

func withExchange(ctx context.Context, x *exchange) context.Context {
	return context.WithValue(ctx, exchangeKey{}, x)
}

// result is the recorded status, the server's requested wait as of now, and
// whether a request was sent at all.
func (x *exchange) result(now time.Time) (status int, retryAfter time.Duration, sent bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.status, parseRetryAfter(x.retryAfter, x.retryAfterMS, now), x.sent
}

// captureTransport is the http.RoundTripper under go-openai: it passes every
// request to base and records the response's status and Retry-After headers
// in the request context's exchange, if there is one.
type captureTransport struct {
	base http.RoundTripper
}

func (t captureTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	x, _ := req.Context().Value(exchangeKey{}).(*exchange)
	if x != nil {
		x.mu.Lock()
		x.sent = true
		x.mu.Unlock()
	}
	resp, err := t.base.RoundTrip(req)
	if x != nil && resp != nil {
		x.mu.Lock()
		x.status = resp.StatusCode
		x.retryAfter = resp.Header.Get("Retry-After")
		x.retryAfterMS = resp.Header.Get("Retry-After-Ms")
		x.mu.Unlock()
	}
	return resp, err
}

// parseRetryAfter turns the retry-after-ms or, failing that, the Retry-After
// header (delay-seconds or an HTTP date, RFC 9110 §10.2.3) into a wait from
// now. Absent, malformed or past values give 0.
func parseRetryAfter(header, headerMS string, now time.Time) time.Duration {
	if ms, err := strconv.ParseFloat(strings.TrimSpace(headerMS), 64); err == nil && ms > 0 && ms < 1e9 {
		return time.Duration(ms * float64(time.Millisecond))
	}
	header = strings.TrimSpace(header)
	if header == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(header, 10, 64); err == nil {
		if secs <= 0 || secs > 1e6 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if at, err := http.ParseTime(header); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}

// backoff is the wait before retry number retry (1-based): full jitter, a
// uniform draw from [0, base·2^(retry-1)], the ceiling capped at maxBackoff.
func backoff(base time.Duration, retry int) time.Duration {
	ceiling := base
	for i := 1; i < retry && ceiling < maxBackoff; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, maxBackoff)
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1)
}
