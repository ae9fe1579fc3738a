package llm

import (
	"encoding/json"
	"fmt"
	"strings"

	openai "github.com/sashabaranov/go-openai"

	"github.com/triage/triage/internal/failure"
)

// answer fills resp from a successful HTTP exchange: usage and cost always,
// Content when the first choice is a usable answer. Otherwise the error is
// ErrBadAnswer marked invalid_output; resp keeps the usage and cost, and the
// content if there was any.
func (c *Client) answer(resp Response, req Request, out openai.ChatCompletionResponse) (Response, error) {
	resp.Model = out.Model
	if resp.Model == "" {
		resp.Model = c.cfg.Model
	}
	resp.PromptTokens = out.Usage.PromptTokens
	resp.CompletionTokens = out.Usage.CompletionTokens
	resp.CostUSD = c.prices.cost(resp.Model, resp.PromptTokens, resp.CompletionTokens)
	bad := func(format string, args ...any) (Response, error) {
		err := fmt.Errorf("llm: complete: %w: %s", ErrBadAnswer, fmt.Sprintf(format, args...))
		return resp, failure.WithFallback(failure.BadAnswer, err)
	}
	if len(out.Choices) == 0 {
		return bad("no choices")
	}
	choice := out.Choices[0]
	resp.Content = choice.Message.Content
	switch {
	case choice.FinishReason == openai.FinishReasonLength:
		return bad("answer cut at %d tokens (finish_reason length)", c.cfg.MaxOutputTokens)
	case choice.FinishReason == openai.FinishReasonContentFilter:
		return bad("answer withheld by the content filter")
	case choice.Message.Refusal != "":
		return bad("model refused: %s", c.redact(choice.Message.Refusal))
	case strings.TrimSpace(resp.Content) == "":
		return bad("empty content (finish_reason %q)", string(choice.FinishReason))
	case len(req.Schema) > 0 && !json.Valid([]byte(resp.Content)):
		return bad("content is not JSON")
	}
	return resp, nil
}
