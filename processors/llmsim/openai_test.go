package llmsim

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// modeTransport adds the X-Llmsim-Mode header to every request.
type modeTransport struct{ mode Mode }

func (m modeTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(ModeHeader, string(m.mode))
	return http.DefaultTransport.RoundTrip(r)
}

// goOpenAIRequest is a structured-output routing request as the LLM engine
// would build it with go-openai.
func goOpenAIRequest() openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{
		Model: "sim-1",
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: "You route support tickets."},
			{Role: openai.ChatMessageRoleUser, Content: "My invoice is wrong."},
		},
		ResponseFormat: &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name: "route_v1", Schema: json.RawMessage(routeSchema), Strict: true,
			},
		},
		MaxCompletionTokens: 256,
	}
}

func TestGoOpenAIClient(t *testing.T) {
	tests := []struct {
		mode       Mode
		wantStatus int // 0: success
		wantCode   string
	}{
		{mode: ModeOK},
		{mode: ModeLowConf},
		{mode: ModeError, wantStatus: 500, wantCode: "server_error"},
		{mode: ModeRateLimit, wantStatus: 429, wantCode: "rate_limit_exceeded"},
	}
	s, base, stop, err := Start(Config{Model: "sim-1", APIKey: "sk-sim", RetryAfter: time.Second}, testAnswers)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	for _, tt := range tests {
		t.Run(string(tt.mode), func(t *testing.T) {
			cfg := openai.DefaultConfig("sk-sim")
			cfg.BaseURL = base
			cfg.HTTPClient = &http.Client{Transport: modeTransport{tt.mode}, Timeout: 5 * time.Second}
			resp, err := openai.NewClientWithConfig(cfg).CreateChatCompletion(context.Background(), goOpenAIRequest())
			if tt.wantStatus != 0 {
				apiErr, ok := errors.AsType[*openai.APIError](err)
				if !ok {
					t.Fatalf("err = %T %v, want *openai.APIError", err, err)
				}
				if apiErr.HTTPStatusCode != tt.wantStatus || apiErr.Code != tt.wantCode {
					t.Errorf("APIError %+v", apiErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var answer struct {
				Queue      string  `json:"queue"`
				Confidence float64 `json:"confidence"`
			}
			if err := json.Unmarshal([]byte(resp.Choices[0].Message.Content), &answer); err != nil {
				t.Fatal(err)
			}
			wantConf := 0.9
			if tt.mode == ModeLowConf {
				wantConf = LowConfidence
			}
			if answer.Queue != "billing" || answer.Confidence != wantConf || resp.SystemFingerprint != "llmsim" ||
				resp.Choices[0].FinishReason != openai.FinishReasonStop || resp.Usage.TotalTokens == 0 ||
				resp.Header().Get(SimulatedHeader) != "simulated" || resp.GetRateLimitHeaders().LimitRequests == 0 {
				t.Errorf("response %+v, answer %+v", resp, answer)
			}
		})
	}

	t.Run("request contract", func(t *testing.T) {
		reqs := s.Requests()
		var body map[string]any
		if err := json.Unmarshal(reqs[0].Body, &body); err != nil {
			t.Fatal(err)
		}
		rf, _ := body["response_format"].(map[string]any)
		if body["model"] != "sim-1" || rf["type"] != "json_schema" || body["max_completion_tokens"] != 256.0 ||
			reqs[0].Header.Get("Authorization") != "Bearer <redacted>" {
			t.Errorf("captured %s", reqs[0].Body)
		}
	})

	t.Run("wrong key", func(t *testing.T) {
		cfg := openai.DefaultConfig("sk-wrong")
		cfg.BaseURL = base
		_, err := openai.NewClientWithConfig(cfg).CreateChatCompletion(context.Background(), goOpenAIRequest())
		if apiErr, ok := errors.AsType[*openai.APIError](err); !ok || apiErr.HTTPStatusCode != 401 {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("list models", func(t *testing.T) {
		cfg := openai.DefaultConfig("sk-sim")
		cfg.BaseURL = base
		models, err := openai.NewClientWithConfig(cfg).ListModels(context.Background())
		if err != nil || len(models.Models) != 1 || models.Models[0].ID != "sim-1" {
			t.Errorf("models %+v, %v", models, err)
		}
	})
}

func TestResponseDecodesAsGoOpenAI(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	for _, m := range []Mode{ModeOK, ModeMalformed, ModeOffSchema, ModeHostile, ModeLowConf} {
		t.Run(string(m), func(t *testing.T) {
			resp, b := post(t, ts.URL+"/v1/chat/completions", routeBody, map[string]string{ModeHeader: string(m)})
			var r openai.ChatCompletionResponse
			if err := json.Unmarshal(b, &r); err != nil || resp.StatusCode != 200 {
				t.Fatalf("%d %s: %v", resp.StatusCode, b, err)
			}
			if r.ID == "" || r.Object != "chat.completion" || r.Model != "sim-1" || len(r.Choices) != 1 ||
				r.Choices[0].Message.Role != openai.ChatMessageRoleAssistant || r.Choices[0].Message.Content == "" ||
				r.Usage.TotalTokens != r.Usage.PromptTokens+r.Usage.CompletionTokens {
				t.Errorf("decoded %+v", r)
			}
		})
	}
}
