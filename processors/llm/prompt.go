package llm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// Message roles.
const (
	RoleSystem    = "system"
	RoleUser      = "user"
	RoleAssistant = "assistant" // an example answer in a few-shot prompt
)

// Message is one chat message.
type Message struct {
	Role    string // RoleSystem, RoleUser or RoleAssistant
	Content string // must not be empty
}

// Request is one prompt and the shape of its answer.
type Request struct {
	Messages []Message
	// SchemaName names the answer format (a-z, A-Z, 0-9, _ and -, at most
	// 64 characters); required with Schema.
	SchemaName string
	// Schema is the JSON Schema object the answer must follow, sent as a
	// strict json_schema response format. Empty asks for free text.
	Schema json.RawMessage
	// TruncatableIndex is the index of the message whose Content may be cut
	// when the estimated prompt exceeds Config.MaxInputTokens; 0 means no
	// message may be cut (message 0 is the system prompt, which never is).
	// The cut keeps that content's start and end (Counter.Truncate), so
	// delimiter lines that open and close the untrusted input survive it;
	// put only the untrusted input and its delimiters in that message.
	TruncatableIndex int
}

// Token accounting of the chat format (OpenAI's cookbook): each message costs
// its role and content plus 3 tokens of framing, and the reply is primed
// with 3 more. The response format's name and schema count too, as they are
// put into the prompt. It is an estimate, on the high side.
const (
	tokensPerMessage   = 3
	tokensReplyPriming = 3
)

var schemaNameRE = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

func (r Request) validate() error {
	var errs []error
	if len(r.Messages) == 0 {
		errs = append(errs, errors.New("no messages"))
	}
	for i, m := range r.Messages {
		switch {
		case m.Role != RoleSystem && m.Role != RoleUser && m.Role != RoleAssistant:
			errs = append(errs, fmt.Errorf("message %d: role %q is not system, user or assistant", i, m.Role))
		case strings.TrimSpace(m.Content) == "":
			errs = append(errs, fmt.Errorf("message %d: empty content", i))
		}
	}
	if r.TruncatableIndex < 0 || r.TruncatableIndex > 0 && r.TruncatableIndex >= len(r.Messages) {
		errs = append(errs, fmt.Errorf("truncatable index %d: no such message", r.TruncatableIndex))
	}
	switch {
	case len(r.Schema) == 0 && r.SchemaName != "":
		errs = append(errs, errors.New("schema name without a schema"))
	case len(r.Schema) == 0:
	case !schemaNameRE.MatchString(r.SchemaName):
		errs = append(errs, fmt.Errorf("schema name %q: want 1 to 64 of a-z, A-Z, 0-9, _ and -", r.SchemaName))
	case !json.Valid(r.Schema) || !bytes.HasPrefix(bytes.TrimSpace(r.Schema), []byte("{")):
		errs = append(errs, errors.New("schema is not a JSON object"))
	}
	return errors.Join(errs...)
}

// prompt validates req and renders its messages, cutting the truncatable
// message so that the estimated prompt fits MaxInputTokens. It returns the
// messages, the estimated prompt tokens, and whether a cut was made.
func (c *Client) prompt(req Request) ([]openai.ChatCompletionMessage, int, bool, error) {
	if err := req.validate(); err != nil {
		return nil, 0, false, fmt.Errorf("llm: complete: %w: %w", ErrInvalidRequest, err)
	}
	// The schema, its name, the roles and system prompts are the same for
	// every call of a prompt version: counted once (CountFixed).
	total := tokensReplyPriming
	if len(req.Schema) > 0 {
		total += c.counter.CountFixed(req.SchemaName) + c.counter.CountFixed(string(req.Schema))
	}
	msgs := make([]openai.ChatCompletionMessage, len(req.Messages))
	cut := req.TruncatableIndex // 0: none
	for i, m := range req.Messages {
		total += tokensPerMessage + c.counter.CountFixed(m.Role)
		switch {
		case i == cut && cut != 0:
		case m.Role == RoleSystem:
			total += c.counter.CountFixed(m.Content)
		default:
			total += c.counter.Count(m.Content)
		}
		msgs[i] = openai.ChatCompletionMessage{Role: m.Role, Content: m.Content}
	}
	limit := c.cfg.MaxInputTokens
	if cut == 0 {
		if total > limit {
			return nil, 0, false, fmt.Errorf("llm: complete: %w: about %d tokens, limit %d, and no message may be cut", ErrPromptTooLong, total, limit)
		}
		return msgs, total, false, nil
	}
	// total is everything but the truncatable content, which gets the rest.
	out, truncated, n := c.counter.truncate(req.Messages[cut].Content, limit-total)
	if strings.TrimSpace(out) == "" {
		return nil, 0, false, fmt.Errorf("llm: complete: %w: about %d tokens without message %d, limit %d", ErrPromptTooLong, total, cut, limit)
	}
	msgs[cut].Content = out
	return msgs, total + n, truncated, nil
}

// messages is prompt for Complete. Without a TPM limit nothing spends the
// estimate, so when every message that is not a fixed part fits the budget
// at one token a byte (a token is at least one byte), the prompt is sent
// as it is without tokenizing the record's text: prompt would not cut it.
// Otherwise, and with a TPM limit, it is prompt. The estimate it returns
// is then an upper bound.
func (c *Client) messages(req Request) ([]openai.ChatCompletionMessage, int, bool, error) {
	if c.cfg.TPM > 0 || req.validate() != nil {
		return c.prompt(req)
	}
	total := tokensReplyPriming
	if len(req.Schema) > 0 {
		total += c.counter.CountFixed(req.SchemaName) + c.counter.CountFixed(string(req.Schema))
	}
	cut := req.TruncatableIndex
	for i, m := range req.Messages {
		total += tokensPerMessage + c.counter.CountFixed(m.Role)
		if m.Role == RoleSystem && (i != cut || cut == 0) {
			total += c.counter.CountFixed(m.Content)
		} else {
			total += len(m.Content)
		}
	}
	if total > c.cfg.MaxInputTokens {
		return c.prompt(req)
	}
	msgs := make([]openai.ChatCompletionMessage, len(req.Messages))
	for i, m := range req.Messages {
		msgs[i] = openai.ChatCompletionMessage{Role: m.Role, Content: m.Content}
	}
	return msgs, total, false, nil
}
