package llmsim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"
)

// hangLimit is how long a hang lasts when the client never gives up.
const hangLimit = 10 * time.Minute

// Nominal rate limits announced in x-ratelimit-* headers.
const (
	limitRequests = 10_000
	limitTokens   = 10_000_000
)

// chat serves one chat completion request. Order: auth (401), body and
// validation (400/404/413), mode (header or draw), then 429 or hang at once,
// otherwise latency, then 500 or the answer.
func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	seq := s.seq.Add(1)
	s.stats.requests.Add(1)
	cfg := s.Config()
	w.Header().Set("x-request-id", fmt.Sprintf("req_sim_%d", seq))

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	rec := capture(seq, r, body)
	reject := func(e *apiError) {
		s.stats.rejected.Add(1)
		s.log.add(rec)
		e.write(w)
	}
	if e := s.authorize(r, cfg); e != nil {
		reject(e)
		return
	}
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			reject(newAPIError(http.StatusRequestEntityTooLarge, "invalid_request_error", "request_too_large", "",
				"Request body larger than %d bytes.", MaxBodyBytes))
		} else {
			reject(invalid("invalid_body", "", "Could not read the request body: %v", err))
		}
		return
	}
	req, e := decodeRequest(body, cfg.Model)
	if e != nil {
		reject(e)
		return
	}
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), seq))
	mode := cfg.draw(rng.Float64())
	if h := r.Header.Get(ModeHeader); h != "" {
		if mode, err = ParseMode(h); err != nil {
			reject(invalid("invalid_value", ModeHeader, "%v", err))
			return
		}
	}
	system, user, promptBytes := req.prompts()
	schemaName := ""
	if req.ResponseFormat != nil && req.ResponseFormat.JSONSchema != nil {
		schemaName = req.ResponseFormat.JSONSchema.Name
	}
	rec.Task, rec.Mode = inferTask(schemaName, system), mode
	s.log.add(rec)
	s.stats.mode(mode)
	w.Header().Set(ModeHeader, string(mode))

	switch mode {
	case ModeRateLimit:
		s.rateLimited(w, cfg, req.Model)
		return
	case ModeHang:
		s.hang(w, r)
		return
	}
	start := time.Now()
	if !s.wait(r.Context(), cfg.Latency.Sample(rng)) {
		s.stats.canceled.Add(1)
		return
	}
	if mode == ModeError {
		newAPIError(http.StatusInternalServerError, "server_error", "server_error", "",
			"The server had an error while processing your request. Sorry about that! (simulated by llmsim)").write(w)
		return
	}
	content, err := s.content(mode, rec.Task, req, system, user, rng)
	if err != nil {
		s.stats.answerErrors.Add(1)
		newAPIError(http.StatusInternalServerError, "server_error", "answerer_failed", "", "%v", err).write(w)
		return
	}
	finish := "stop"
	if limit := req.maxTokens(); limit > 0 && estimateTokens(len(content)) > limit {
		content, finish = cutRunes(content, 4*limit), "length"
	}
	promptTokens, completionTokens := estimateTokens(promptBytes), estimateTokens(len(content))
	setRateHeaders(w.Header(), limitRequests-1, limitTokens-promptTokens-completionTokens, 0)
	w.Header().Set("openai-processing-ms", strconv.FormatInt(time.Since(start).Milliseconds(), 10))
	writeJSON(w, http.StatusOK, chatResponse{
		ID:                fmt.Sprintf("chatcmpl-sim-%d", seq),
		Object:            "chat.completion",
		Created:           time.Now().Unix(),
		Model:             req.Model,
		SystemFingerprint: "llmsim",
		Choices: []chatChoice{{
			Message:      assistantReply{Role: "assistant", Content: content},
			FinishReason: finish,
		}},
		Usage: chatUsage{
			PromptTokens:     promptTokens,
			CompletionTokens: completionTokens,
			TotalTokens:      promptTokens + completionTokens,
		},
	})
}

// content asks the Answerer and degrades the answer as mode says.
func (s *Server) content(mode Mode, task string, req *chatRequest, system, user string, rng *rand.Rand) (string, error) {
	raw, err := s.answer(task, system, user)
	if err != nil {
		return "", fmt.Errorf("llmsim answerer (task %q): %w", task, err)
	}
	v, err := decodeAnswer(raw)
	if err != nil {
		return "", err
	}
	normalizeConfidence(v, req.schema())
	switch mode {
	case ModeLowConf:
		if obj, ok := v.(map[string]any); ok {
			obj["confidence"] = LowConfidence
		}
	case ModeOffSchema:
		v = offSchema(task, v, rng)
	case ModeHostile:
		v = hostile(task, v, user, rng)
	}
	out, err := marshalContent(v)
	if err != nil {
		return "", fmt.Errorf("llmsim: encoding answer: %w", err)
	}
	if mode == ModeMalformed {
		out = malformed(out, rng)
	}
	return string(out), nil
}

// rateLimited answers 429 with Retry-After (whole seconds, rounded up),
// retry-after-ms and x-ratelimit-* headers showing no requests left.
func (s *Server) rateLimited(w http.ResponseWriter, cfg Config, model string) {
	wait := max(cfg.RetryAfter, 0)
	h := w.Header()
	h.Set("Retry-After", strconv.FormatInt(int64((wait+time.Second-1)/time.Second), 10))
	h.Set("retry-after-ms", strconv.FormatInt(wait.Milliseconds(), 10))
	setRateHeaders(h, 0, limitTokens, wait)
	newAPIError(http.StatusTooManyRequests, "requests", "rate_limit_exceeded", "",
		"Rate limit reached for requests on model %s: Limit %d, Used %d, Requested 1. Please try again in %s. (simulated by llmsim)",
		model, limitRequests, limitRequests, wait).write(w)
}

func setRateHeaders(h http.Header, remainingRequests, remainingTokens int, reset time.Duration) {
	h.Set("x-ratelimit-limit-requests", strconv.Itoa(limitRequests))
	h.Set("x-ratelimit-limit-tokens", strconv.Itoa(limitTokens))
	h.Set("x-ratelimit-remaining-requests", strconv.Itoa(remainingRequests))
	h.Set("x-ratelimit-remaining-tokens", strconv.Itoa(max(remainingTokens, 0)))
	h.Set("x-ratelimit-reset-requests", reset.String())
	h.Set("x-ratelimit-reset-tokens", "0s")
}

// hang holds the request until the client gives up (nothing is written),
// Close (503) or hangLimit (504).
func (s *Server) hang(w http.ResponseWriter, r *http.Request) {
	t := time.NewTimer(hangLimit)
	defer t.Stop()
	select {
	case <-r.Context().Done():
	case <-s.closed:
		newAPIError(http.StatusServiceUnavailable, "server_error", "server_shutting_down", "",
			"llmsim closed while the request hung (simulated hang)").write(w)
	case <-t.C:
		newAPIError(http.StatusGatewayTimeout, "server_error", "timeout", "",
			"Request timed out after %s (simulated hang)", hangLimit).write(w)
	}
}

// wait sleeps d; it reports false when ctx ends first, and returns true at
// once after Close.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.closed:
		return true
	case <-ctx.Done():
		return false
	}
}

// cutRunes shortens s to at most n bytes without splitting a UTF-8 sequence.
func cutRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
