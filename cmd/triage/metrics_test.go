package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkatest"
	"github.com/triage/triage/internal/sim"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
)

// scrape returns the value of the first sample matching re on /metrics.
func scrape(t *testing.T, url string, re *regexp.Regexp) (float64, string) {
	resp, err := http.Get(url)
	if err != nil {
		return -1, ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	m := re.FindStringSubmatch(string(body))
	if m == nil {
		return -1, string(body)
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v, string(body)
}

// End to end: "triage run" against a broker and a fake LLM in outage mode;
// the real /metrics output shows the fallback counters and the breaker
// gauge move, /healthz answers and /readyz turns ready.
func TestRunOutageShowsOnMetrics(t *testing.T) {
	b := kafkatest.Start(t)
	rs, _ := rules.Default()
	srv, url, stopSim, err := llmsim.Start(llmsim.Config{Model: "sim", ErrorRate: 1, Latency: llmsim.Dist{Min: time.Millisecond, Median: time.Millisecond, P99: time.Millisecond}}, sim.RulesAnswerer(rs))
	if err != nil {
		t.Fatal(err)
	}
	defer stopSim()
	port, _ := kafkatest.FreePort()
	adminURL := fmt.Sprintf("http://127.0.0.1:%d", port)
	tickets := b.Topic(t, "m.tickets", 2)
	args := append(append([]string{"run"}, b.Flags()...), "--kafka.group_id", "metrics-test",
		"--topics.emails", "", "--topics.tickets", tickets, "--topics.routed", b.Topic(t, "m.routed", 2), "--topics.dlq", b.Topic(t, "m.dlq", 1),
		"--llm.base_url", url, "--llm.model", "sim", "--llm.api_key", "sk-secret-value-123", "--llm.max_retries", "0",
		"--llm.breaker_consecutive_failures", "3", "--llm.cache_size", "0", "--kafka.lag_interval", "500ms",
		"--admin.addr", fmt.Sprintf("127.0.0.1:%d", port), "--log.level", "debug", "--kafka.max_in_flight", "1")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- dispatch(ctx, args, &out, &errb, env(nil)) }()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("exit %d: %s", code, errb.String())
		}
		if strings.Contains(out.String(), "sk-secret-value-123") {
			t.Error("the API key appears in the log")
		}
	}()
	var msgs []kafka.Message
	for i := 0; i < 20; i++ {
		msgs = append(msgs, kafka.Message{Topic: tickets, Key: []byte(fmt.Sprint(i)), Value: []byte(fmt.Sprintf(
			`{"ticket_id":"T-%d","subject":"Charged twice","body":"I was charged twice, refund please.","channel":"web","customer":{"id":"C-%d"},"created_at":"2026-11-27T10:00:00Z"}`, i, i))})
	}
	b.Produce(t, msgs...)

	open := regexp.MustCompile(`triage_decisions_total\{fallback_reason="breaker_open",processor="route",source="rules"\} (\S+)`)
	upstream := regexp.MustCompile(`triage_decisions_total\{fallback_reason="upstream_error",processor="route",source="rules"\} (\S+)`)
	gauge := regexp.MustCompile(`triage_breaker_state\{model="sim",processor="route"\} (\S+)`)
	lag := regexp.MustCompile(`triage_consumer_lag\{partition="\d",topic="` + regexp.QuoteMeta(tickets) + `"\} (\S+)`)
	deadline := time.Now().Add(60 * time.Second)
	for {
		o, body := scrape(t, adminURL+"/metrics", open)
		u, _ := scrape(t, adminURL+"/metrics", upstream)
		g, _ := scrape(t, adminURL+"/metrics", gauge)
		l, _ := scrape(t, adminURL+"/metrics", lag)
		if o+u == 20 && g == 2 && l == 0 {
			t.Logf("breaker_open %v, upstream_error %v, breaker_state %v, LLM calls %d", o, u, g, srv.Stats().Requests)
			if u != 3 {
				t.Errorf("upstream_error decisions %v, want 3 before the breaker opened", u)
			}
			for _, want := range []string{`triage_llm_requests_total{model="sim",processor="route",status="5xx"} 3`, `triage_breaker_transitions_total{model="sim",processor="route",to="open"} 1`, "triage_e2e_latency_seconds_bucket", "triage_in_flight",
				fmt.Sprintf(`triage_build_info{goversion=%q,revision=%q,version=%q} 1`, info.GoVersion, info.Revision, info.Version)} {
				if !strings.Contains(body, want) {
					t.Errorf("/metrics lacks %s", want)
				}
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("metrics never showed the outage: breaker_open=%v upstream=%v state=%v lag=%v\n%s", o, u, g, l, out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200} {
		resp, err := http.Get(adminURL + path)
		if err != nil || resp.StatusCode != want {
			t.Errorf("%s: %v %v", path, resp.StatusCode, err)
		}
	}
}
