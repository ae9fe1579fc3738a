package llmsim

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestServerRejects(t *testing.T) {
	tests := []struct {
		name, method, path, body string
		header                   map[string]string
		status                   int
		code, param              string
	}{
		{name: "no key", path: "/v1/chat/completions", body: routeBody, status: 401, code: "invalid_api_key"},
		{name: "wrong key", path: "/v1/chat/completions", body: routeBody, header: map[string]string{"Authorization": "Bearer nope"}, status: 401, code: "invalid_api_key"},
		{name: "not bearer", path: "/v1/chat/completions", body: routeBody, header: map[string]string{"Authorization": "Basic sk-test"}, status: 401, code: "invalid_api_key"},
		{name: "bad json", path: "/v1/chat/completions", body: `{`, status: 400, code: "invalid_json"},
		{name: "no model", path: "/v1/chat/completions", body: `{"messages":[{"role":"user","content":"hi"}]}`, status: 400, code: "missing_required_parameter", param: "model"},
		{name: "no messages", path: "/v1/chat/completions", body: `{"model":"sim-1"}`, status: 400, code: "missing_required_parameter", param: "messages"},
		{name: "empty messages", path: "/v1/chat/completions", body: `{"model":"sim-1","messages":[]}`, status: 400, code: "missing_required_parameter", param: "messages"},
		{name: "unknown model", path: "/v1/chat/completions", body: strings.Replace(routeBody, "sim-1", "gpt-4o", 1), status: 404, code: "model_not_found", param: "model"},
		{name: "bad role", path: "/v1/chat/completions", body: `{"model":"sim-1","messages":[{"role":"robot","content":"hi"}]}`, status: 400, code: "invalid_value", param: "messages[0].role"},
		{name: "bad content", path: "/v1/chat/completions", body: `{"model":"sim-1","messages":[{"role":"user","content":5}]}`, status: 400, code: "invalid_type", param: "messages[0].content"},
		{name: "stream", path: "/v1/chat/completions", body: `{"model":"sim-1","stream":true,"messages":[{"role":"user","content":"hi"}]}`, status: 400, code: "unsupported_value", param: "stream"},
		{name: "temperature", path: "/v1/chat/completions", body: `{"model":"sim-1","temperature":3,"messages":[{"role":"user","content":"hi"}]}`, status: 400, code: "invalid_value", param: "temperature"},
		{name: "max_tokens", path: "/v1/chat/completions", body: `{"model":"sim-1","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}`, status: 400, code: "invalid_value", param: "max_tokens"},
		{name: "format type", path: "/v1/chat/completions", body: `{"model":"sim-1","response_format":{"type":"xml"},"messages":[{"role":"user","content":"hi"}]}`, status: 400, code: "invalid_value", param: "response_format.type"},
		{name: "schema name", path: "/v1/chat/completions", body: `{"model":"sim-1","response_format":{"type":"json_schema","json_schema":{"schema":{}}},"messages":[{"role":"user","content":"hi"}]}`, status: 400, code: "missing_required_parameter", param: "response_format.json_schema.name"},
		{name: "schema type", path: "/v1/chat/completions", body: `{"model":"sim-1","response_format":{"type":"json_schema","json_schema":{"name":"x","schema":[]}},"messages":[{"role":"user","content":"hi"}]}`, status: 400, code: "invalid_type", param: "response_format.json_schema.schema"},
		{name: "mode header", path: "/v1/chat/completions", body: routeBody, header: map[string]string{"Authorization": "Bearer sk-test", ModeHeader: "explode"}, status: 400, code: "invalid_value", param: ModeHeader},
		{name: "get chat", method: "GET", path: "/v1/chat/completions", status: 405, code: "method_not_allowed"},
		{name: "post models", path: "/v1/models", status: 405, code: "method_not_allowed"},
		{name: "unknown url", path: "/v1/embeddings", status: 404, code: "unknown_url"},
		{name: "v1 lookalike", path: "/v1x/chat/completions", status: 404, code: "unknown_url"},
		{name: "models no key", method: "GET", path: "/v1/models", status: 401, code: "invalid_api_key"},
		{name: "unknown model get", method: "GET", path: "/v1/models/gpt-4o", header: map[string]string{"Authorization": "Bearer sk-test"}, status: 404, code: "model_not_found", param: "model"},
	}
	s, ts := newTestServer(t, Config{Model: "sim-1", APIKey: "sk-test"})
	chatRejects := int64(0)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodPost
			}
			header := map[string]string{"Authorization": "Bearer sk-test"}
			if tt.header != nil {
				header = tt.header
			}
			if strings.HasPrefix(tt.name, "no key") || strings.HasPrefix(tt.name, "models no key") {
				header = nil
			}
			req, _ := http.NewRequest(method, ts.URL+tt.path, strings.NewReader(tt.body))
			for k, v := range header {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			e := decodeError(t, body)
			if e.Error.Code == nil || *e.Error.Code != tt.code {
				t.Errorf("code %v, want %q: %s", e.Error.Code, tt.code, body)
			}
			if (tt.param == "") != (e.Error.Param == nil) || (e.Error.Param != nil && *e.Error.Param != tt.param) {
				t.Errorf("param %v, want %q", e.Error.Param, tt.param)
			}
			if resp.Header.Get(SimulatedHeader) != "simulated" {
				t.Error("no X-Llmsim header")
			}
			if strings.HasSuffix(tt.path, "/chat/completions") && method == http.MethodPost && tt.code != "unknown_url" {
				chatRejects++
			}
		})
	}
	st := s.Stats()
	if st.Requests != chatRejects || st.Rejected != chatRejects {
		t.Errorf("stats %+v, want %d rejected requests", st, chatRejects)
	}
	for _, c := range s.Requests() {
		if c.Mode != "" {
			t.Errorf("rejected request captured with mode %q", c.Mode)
		}
	}
}

func TestServerRejectsLargeBody(t *testing.T) {
	s := New(Config{}, testAnswers)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v1/chat/completions", strings.NewReader(strings.Repeat(" ", MaxBodyBytes+1))))
	if e := decodeError(t, rec.Body.Bytes()); rec.Code != 413 || e.Error.Code == nil || *e.Error.Code != "request_too_large" {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
	if c := s.Requests()[0]; !c.Truncated || len(c.Body) != CaptureBodyLimit {
		t.Errorf("captured %d bytes, truncated %v", len(c.Body), c.Truncated)
	}
}

func TestServerModels(t *testing.T) {
	tests := []struct {
		name, model, path, want string
	}{
		{name: "list configured", model: "sim-1", path: "/v1/models", want: `{"object":"list","data":[{"id":"sim-1","object":"model","created":1735689600,"owned_by":"llmsim"}]}`},
		{name: "list any", path: "/models", want: `{"object":"list","data":[{"id":"llmsim","object":"model","created":1735689600,"owned_by":"llmsim"}]}`},
		{name: "get configured", model: "sim-1", path: "/v1/models/sim-1", want: `{"id":"sim-1","object":"model","created":1735689600,"owned_by":"llmsim"}`},
		{name: "get any", path: "/v1/models/whatever", want: `{"id":"whatever","object":"model","created":1735689600,"owned_by":"llmsim"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ts := newTestServer(t, Config{Model: tt.model})
			resp, err := http.Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != tt.want {
				t.Errorf("%d %s, want %s", resp.StatusCode, body, tt.want)
			}
		})
	}
}

func TestServerCapturesRequests(t *testing.T) {
	s, ts := newTestServer(t, Config{APIKey: "sk-test"})
	auth := map[string]string{"Authorization": "Bearer sk-test"}
	post(t, ts.URL+"/v1/chat/completions", routeBody, auth)
	post(t, ts.URL+"/v1/chat/completions", routeBody, map[string]string{"Authorization": "Bearer sk-test", ModeHeader: "ratelimit"})
	post(t, ts.URL+"/v1/chat/completions", `{}`, auth)
	got := s.Requests()
	if len(got) != 3 {
		t.Fatalf("captured %d requests", len(got))
	}
	want := []struct {
		seq  uint64
		task string
		mode Mode
		body string
	}{{1, TaskRoute, ModeOK, routeBody}, {2, TaskRoute, ModeRateLimit, routeBody}, {3, "", "", `{}`}}
	for i, w := range want {
		c := got[i]
		if c.Seq != w.seq || c.Task != w.task || c.Mode != w.mode || string(c.Body) != w.body ||
			c.Path != "/v1/chat/completions" || c.Header.Get("Authorization") != "Bearer <redacted>" {
			t.Errorf("request %d = %+v", i, c)
		}
	}
	st := s.Stats()
	if st.Requests != 3 || st.OK != 1 || st.RateLimited != 1 || st.Rejected != 1 {
		t.Errorf("stats %+v", st)
	}
}
