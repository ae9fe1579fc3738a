package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"
)

// renderings is every way a value commonly reaches a log: fmt verbs, slog's
// text and JSON handlers (as an attribute and as the message), json.
func renderings(t *testing.T, v any) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		out[verb] = fmt.Sprintf(verb, v)
	}
	out["Sprint"] = fmt.Sprint(v)
	out["Sprintln"] = fmt.Sprintln(v)
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("x", "v", v, slog.Group("g", "v", v))
	slog.New(slog.NewJSONHandler(&js, nil)).Info(fmt.Sprint(v), "v", v)
	out["slog text"], out["slog json"] = text.String(), js.String()
	if b, err := json.Marshal(v); err == nil {
		out["json"] = string(b)
	}
	if e, ok := v.(error); ok {
		out["Error()"] = e.Error()
		var le *Error
		if errors.As(e, &le) {
			out["%#v of *llm.Error"] = fmt.Sprintf("%#v", le)
			out["%+v of *llm.Error"] = fmt.Sprintf("%+v", le)
		}
	}
	return out
}

func assertNoKey(t *testing.T, what string, v any) {
	t.Helper()
	for how, s := range renderings(t, v) {
		if strings.Contains(s, testKey) {
			t.Errorf("%s rendered with %s shows the API key: %s", what, how, s)
		}
	}
}

func TestConfigNeverShowsTheKey(t *testing.T) {
	cfg := Config{BaseURL: "https://api.openai.com/v1", APIKey: testKey, Model: "gpt-4o", Prices: map[string]Price{"gpt-4o": {2.5, 10}}}
	assertNoKey(t, "Config", cfg)
	assertNoKey(t, "*Config", &cfg)
	assertNoKey(t, "[]Config", []Config{cfg})
	assertNoKey(t, "struct holding a Config", struct{ LLM Config }{cfg})
	if s := fmt.Sprint(cfg); !strings.Contains(s, redacted) || !strings.Contains(s, "gpt-4o") {
		t.Errorf("String() = %s: want the model and %s", s, redacted)
	}
}

func TestClientNeverShowsTheKey(t *testing.T) {
	srv := newFakeServer(t)
	c := newTestClient(t, testConfig(srv))
	assertNoKey(t, "*Client", c)
	assertNoKey(t, "struct holding a *Client", struct{ C *Client }{c})
}

// Every error Complete returns, including those whose server body echoes the
// key, and transport errors whose URL holds it, must not show it.
func TestErrorsNeverShowTheKey(t *testing.T) {
	t.Parallel()
	for _, b := range []behaviour{answer429, answer503, answer500, answer500Text, answer400, answer401, answerMalformed, answerNoChoices, answerLength, answerRefusal, answerHang} {
		t.Run(fmt.Sprint(b), func(t *testing.T) {
			t.Parallel()
			srv := newFakeServer(t, b)
			srv.retryAfter = ""
			cfg := testConfig(srv)
			cfg.MaxRetries = 0
			if b == answerHang { // only the hang may time out: a slow answer must not
				cfg.Timeout = 200 * time.Millisecond
			}
			_, err := newTestClient(t, cfg).Complete(context.Background(), testRequest("hi"))
			if err == nil {
				t.Fatalf("no error")
			}
			if b == answer401 && !strings.Contains(err.Error(), "Incorrect API key provided: "+redacted) {
				t.Errorf("401 message not kept (redacted): %v", err)
			}
			assertNoKey(t, "error", err)
		})
	}
	t.Run("connection refused, key in the URL", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // nothing listens there now
		cfg := Config{BaseURL: "http://" + addr + "/proxy/" + testKey, APIKey: testKey, Model: "gpt-4o-mini"}
		_, err = newTestClient(t, cfg).Complete(context.Background(), testRequest("hi"))
		if err == nil {
			t.Fatal("no error")
		}
		var ne net.Error
		if !errors.As(err, &ne) {
			t.Errorf("transport error not unwrappable: %v", err)
		}
		if !strings.Contains(err.Error(), redacted) {
			t.Errorf("error %q: want the URL with the key redacted", err)
		}
		assertNoKey(t, "error", err)
	})
}

func (b behaviour) String() string {
	return [...]string{"ok", "slow", "hang", "429", "503", "500", "500 text", "400", "401", "malformed", "no choices", "length", "refusal"}[b]
}
