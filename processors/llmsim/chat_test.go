package llmsim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestChatModes(t *testing.T) {
	tests := []struct {
		mode        Mode
		status      int
		errType     string
		check       func(t *testing.T, content string)
		checkHeader func(t *testing.T, h http.Header)
	}{
		{mode: ModeOK, status: 200, check: func(t *testing.T, c string) {
			if c != `{"confidence":0.9,"queue":"billing"}` {
				t.Errorf("content %s", c)
			}
		}},
		{mode: ModeLowConf, status: 200, check: func(t *testing.T, c string) {
			if c != `{"confidence":0.2,"queue":"billing"}` {
				t.Errorf("content %s", c)
			}
		}},
		{mode: ModeMalformed, status: 200, check: func(t *testing.T, c string) {
			if json.Valid([]byte(c)) {
				t.Errorf("content %s is valid JSON", c)
			}
		}},
		{mode: ModeOffSchema, status: 200, check: func(t *testing.T, c string) {
			if !json.Valid([]byte(c)) || c == `{"confidence":0.9,"queue":"billing"}` {
				t.Errorf("content %s", c)
			}
		}},
		{mode: ModeHostile, status: 200, check: func(t *testing.T, c string) {
			if !json.Valid([]byte(c)) || c == `{"confidence":0.9,"queue":"billing"}` {
				t.Errorf("content %.200s", c)
			}
		}},
		{mode: ModeError, status: 500, errType: "server_error"},
		{mode: ModeRateLimit, status: 429, errType: "requests", checkHeader: func(t *testing.T, h http.Header) {
			if h.Get("Retry-After") != "2" || h.Get("retry-after-ms") != "1500" {
				t.Errorf("Retry-After %q retry-after-ms %q", h.Get("Retry-After"), h.Get("retry-after-ms"))
			}
			if h.Get("x-ratelimit-remaining-requests") != "0" || h.Get("x-ratelimit-reset-requests") != "1.5s" || h.Get("x-ratelimit-limit-requests") == "" {
				t.Errorf("x-ratelimit headers %v", h)
			}
		}},
	}
	_, ts := newTestServer(t, Config{RetryAfter: 1500 * time.Millisecond})
	unlimited := strings.Replace(routeBody, `,"max_tokens":200`, "", 1) // a huge hostile string must not be cut
	for _, tt := range tests {
		t.Run(string(tt.mode), func(t *testing.T) {
			resp, body := post(t, ts.URL+"/v1/chat/completions", unlimited, map[string]string{ModeHeader: string(tt.mode)})
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if resp.Header.Get(SimulatedHeader) != "simulated" || resp.Header.Get(ModeHeader) != string(tt.mode) {
				t.Errorf("headers %v", resp.Header)
			}
			if resp.Header.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
			}
			if tt.errType != "" {
				if e := decodeError(t, body); e.Error.Type != tt.errType || e.Error.Param != nil {
					t.Errorf("error %+v", e.Error)
				}
			} else {
				tt.check(t, replyContent(t, body))
			}
			if tt.checkHeader != nil {
				tt.checkHeader(t, resp.Header)
			}
		})
	}
}

func TestChatResponseShape(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	resp, body := post(t, ts.URL+"/chat/completions", routeBody, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"id", "object", "created", "model", "system_fingerprint", "choices", "usage"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("missing %q in %s", key, body)
		}
	}
	var r chatResponse
	_ = json.Unmarshal(body, &r)
	// Prompt: "Route the ticket." (17) + "I was charged twice." (20) = 37 bytes -> 10.
	// Completion: {"confidence":0.9,"queue":"billing"} is 36 bytes -> 9.
	want := chatUsage{PromptTokens: 10, CompletionTokens: 9, TotalTokens: 19}
	if r.ID != "chatcmpl-sim-1" || r.Object != "chat.completion" || r.Model != "sim-1" || r.SystemFingerprint != "llmsim" ||
		r.Usage != want || r.Choices[0].FinishReason != "stop" || r.Choices[0].Message.Role != "assistant" ||
		time.Since(time.Unix(r.Created, 0)) > time.Minute {
		t.Errorf("response %s", body)
	}
}

func TestChatMaxTokensTruncates(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	body := strings.Replace(routeBody, `"max_tokens":200`, `"max_completion_tokens":3`, 1)
	resp, b := post(t, ts.URL+"/v1/chat/completions", body, nil)
	var r chatResponse
	if err := json.Unmarshal(b, &r); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
	if c := r.Choices[0].Message.Content; r.Choices[0].FinishReason != "length" || len(c) != 12 || json.Valid([]byte(c)) || r.Usage.CompletionTokens != 3 {
		t.Errorf("response %s", b)
	}
}

func TestChatTaskAndSystemPassedToAnswerer(t *testing.T) {
	type call struct{ task, system, user string }
	calls := make(chan call, 1)
	s := New(Config{}, func(task, system, user string) (json.RawMessage, error) {
		calls <- call{task, system, user}
		return json.RawMessage(`{"is_order":false,"items":[]}`), nil
	})
	ts := newHTTPTest(t, s)
	body := `{"model":"m","messages":[{"role":"developer","content":"Extract the order."},{"role":"user","content":[{"type":"text","text":"one"},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"two"}]},{"role":"assistant","content":null},{"role":"user","content":"three"}]}`
	resp, b := post(t, ts.URL+"/v1/chat/completions", body, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
	if got, want := <-calls, (call{TaskExtract, "Extract the order.", "one\ntwo\n\nthree"}); got != want {
		t.Errorf("answerer got %+v, want %+v", got, want)
	}
	if c := replyContent(t, b); c != `{"is_order":false,"items":[]}` {
		t.Errorf("content %s (no schema: confidence must not be added)", c)
	}
}

func TestChatAnswererFailure(t *testing.T) {
	tests := []struct {
		name   string
		answer Answerer
	}{
		{name: "error", answer: EchoAnswerer(nil)},
		{name: "invalid JSON", answer: func(string, string, string) (json.RawMessage, error) { return json.RawMessage(`{`), nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Config{}, tt.answer)
			ts := newHTTPTest(t, s)
			resp, b := post(t, ts.URL+"/v1/chat/completions", routeBody, nil)
			if resp.StatusCode != 500 || decodeError(t, b).Error.Type != "server_error" {
				t.Errorf("%d %s", resp.StatusCode, b)
			}
			if st := s.Stats(); st.AnswerErrors != 1 || st.OK != 1 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

func TestChatLatency(t *testing.T) {
	const n, workers = 200, 4
	ms := time.Millisecond
	_, ts := newTestServer(t, Config{Latency: Dist{Min: ms, Median: 2 * ms, P99: 10 * ms}})
	durations := make(chan time.Duration, n)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range n / workers {
				start := time.Now()
				if resp, b := post(t, ts.URL+"/v1/chat/completions", routeBody, nil); resp.StatusCode != 200 {
					t.Errorf("%d %s", resp.StatusCode, b)
				}
				durations <- time.Since(start)
			}
		})
	}
	wg.Wait()
	close(durations)
	var all []time.Duration
	for d := range durations {
		all = append(all, d)
	}
	slices.Sort(all)
	lo, med, p99 := all[0], all[len(all)/2], all[len(all)*99/100]
	// Lower bounds only: the client, the race detector and a loaded machine
	// add their own time, so upper bounds would test the machine (Dist's
	// sampling is checked exactly in dist_test.go).
	if lo < ms || med < 1500*time.Microsecond {
		t.Errorf("latency min %v median %v p99 %v, want min ≥ 1ms, median ≥ about 2ms", lo, med, p99)
	}
}

func TestSetConfigDuringRequests(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	stop := make(chan struct{})
	var toggler sync.WaitGroup
	toggler.Go(func() {
		configs := []Config{{}, {ErrorRate: 1}, {LowConfidenceRate: 0.5, Seed: 3}, {Latency: Dist{Median: time.Millisecond}}}
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
				s.SetConfig(configs[i%len(configs)])
				_ = s.Config()
				_ = s.Stats()
				_ = s.Requests()
				time.Sleep(50 * time.Microsecond)
			}
		}
	})
	const workers, each = 8, 25
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				resp, b := post(t, ts.URL+"/v1/chat/completions", routeBody, nil)
				if resp.StatusCode != 200 && resp.StatusCode != 500 {
					t.Errorf("%d %s", resp.StatusCode, b)
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	toggler.Wait()
	st := s.Stats()
	if st.Requests != workers*each || st.OK+st.ServerErrors+st.LowConfidence != st.Requests {
		t.Errorf("stats %+v", st)
	}
}
