package processors

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/triage/triage/internal/failure"
)

// llmFake answers like an LLM engine, or fails as told.
type llmFake struct {
	mu    sync.Mutex
	mode  string // ok, fail, lowconf, cancel
	calls int
}

func (f *llmFake) set(mode string) { f.mu.Lock(); f.mode = mode; f.mu.Unlock() }

func (f *llmFake) Process(ctx context.Context, in Input) (Output, error) {
	f.mu.Lock()
	f.calls++
	mode := f.mode
	f.mu.Unlock()
	c := 0.9
	switch mode {
	case "fail":
		return Output{Provenance: Provenance{Model: "m", PromptVersion: "p"}}, failure.WithFallback(failure.UpstreamError, errors.New("503"))
	case "timeout":
		return Output{}, fmt.Errorf("call: %w", context.DeadlineExceeded)
	case "lowconf":
		c = 0.1
	case "cancel":
		return Output{}, context.Canceled
	}
	return Output{Decision: &Route{Queue: "billing"}, Provenance: Provenance{Source: SourceLLM, Model: "m", PromptVersion: "p", Confidence: &c, CostUSD: 0.01, PromptTokens: 100}}, nil
}

func (f *llmFake) n() int { f.mu.Lock(); defer f.mu.Unlock(); return f.calls }

var rulesFake = Func(func(ctx context.Context, in Input) (Output, error) {
	c := 0.7
	if in.Subject == "sure" {
		c = 0.99
	}
	return Output{Decision: &Route{Queue: "other"}, Provenance: Provenance{Source: SourceRules, EngineVersion: "rules-1", Confidence: &c}}, nil
})

func TestFallbackReasons(t *testing.T) {
	tests := []struct {
		mode, source, reason string
		wantErr              bool
	}{
		{"ok", SourceLLM, "", false},
		{"fail", SourceRules, "upstream_error", false},
		{"timeout", SourceRules, "timeout", false},
		{"lowconf", SourceRules, "low_confidence", false},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			f := &llmFake{mode: tt.mode}
			var got []string
			p := Chain(f, Fallback(rulesFake, FallbackOptions{MinConfidence: 0.5, OnDecision: func(s, r string) { got = append(got, s+"/"+r) }}))
			out, err := p.Process(context.Background(), Input{})
			if (err != nil) != tt.wantErr || out.Provenance.Source != tt.source || out.Provenance.FallbackReason != tt.reason {
				t.Fatalf("out %+v err %v", out.Provenance, err)
			}
			if len(got) != 1 || got[0] != tt.source+"/"+tt.reason {
				t.Errorf("OnDecision = %v", got)
			}
			if tt.reason == "upstream_error" && out.Provenance.Model != "m" {
				t.Errorf("tried model lost: %+v", out.Provenance)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Chain(&llmFake{mode: "cancel"}, Fallback(rulesFake, FallbackOptions{})).Process(ctx, Input{})
	if !failure.IsCanceled(err) {
		t.Errorf("shutdown became a fallback: %v", err)
	}
	out, _ := Chain(Disabled, Fallback(rulesFake, FallbackOptions{})).Process(context.Background(), Input{})
	if out.Provenance.FallbackReason != "llm_disabled" {
		t.Errorf("disabled: %+v", out.Provenance)
	}
}

func TestRulesFirst(t *testing.T) {
	f := &llmFake{mode: "ok"}
	p := Chain(f, RulesFirst(rulesFake, 0.95))
	out, _ := p.Process(context.Background(), Input{Subject: "sure"})
	if out.Provenance.Source != SourceRules || out.Provenance.FallbackReason != "" || f.n() != 0 {
		t.Fatalf("confident rules should answer alone: %+v, llm calls %d", out.Provenance, f.n())
	}
	out, _ = p.Process(context.Background(), Input{Subject: "unsure"})
	if out.Provenance.Source != SourceLLM || f.n() != 1 {
		t.Fatalf("unsure rules should defer to the LLM: %+v", out.Provenance)
	}
}

// TestBreakerTripsProbesAndRecovers: the breaker opens after 3 failures and
// answers breaker_open while open (a 1h open timeout, so a slow machine
// cannot reach it mid-test); with a short open timeout, a later call probes
// half-open and a success closes it. gobreaker reads the wall clock, so the
// probe is awaited by polling (calls while still open cost nothing).
func TestBreakerTripsProbesAndRecovers(t *testing.T) {
	t.Run("opens after 3 failures", func(t *testing.T) {
		f := &llmFake{mode: "fail"}
		p := Chain(f, Fallback(rulesFake, FallbackOptions{}), Breaker(BreakerSettings{Name: "route/m", ConsecutiveFailures: 3, OpenTimeout: time.Hour}))
		reasons := map[string]int{}
		for i := 0; i < 10; i++ {
			out, err := p.Process(context.Background(), Input{})
			if err != nil {
				t.Fatal(err)
			}
			reasons[out.Provenance.FallbackReason]++
		}
		if f.n() != 3 || reasons["upstream_error"] != 3 || reasons["breaker_open"] != 7 {
			t.Fatalf("calls %d reasons %v: breaker must open after 3 failures", f.n(), reasons)
		}
	})
	t.Run("probes and recovers", func(t *testing.T) {
		f := &llmFake{mode: "fail"}
		var transitions []string
		var mu sync.Mutex
		p := Chain(f, Fallback(rulesFake, FallbackOptions{}), Breaker(BreakerSettings{Name: "route/m", ConsecutiveFailures: 3, OpenTimeout: 20 * time.Millisecond,
			OnStateChange: func(_, from, to string) { mu.Lock(); transitions = append(transitions, from+">"+to); mu.Unlock() }}))
		for i := 0; i < 3; i++ {
			_, _ = p.Process(context.Background(), Input{})
		}
		f.set("ok")
		deadline := time.Now().Add(30 * time.Second)
		for {
			out, _ := p.Process(context.Background(), Input{}) // half-open probe succeeds once the timeout has passed
			if out.Provenance.Source == SourceLLM {
				break
			}
			if out.Provenance.FallbackReason != "breaker_open" || time.Now().After(deadline) {
				t.Fatalf("waiting for the probe: %+v", out.Provenance)
			}
			time.Sleep(5 * time.Millisecond)
		}
		out, _ := p.Process(context.Background(), Input{})
		mu.Lock()
		defer mu.Unlock()
		if out.Provenance.Source != SourceLLM || fmt.Sprint(transitions) != "[closed>open open>half-open half-open>closed]" {
			t.Fatalf("transitions %v, last %+v", transitions, out.Provenance)
		}
	})
}

func TestBreakerIgnoresCancellation(t *testing.T) {
	f := &llmFake{mode: "cancel"}
	p := Chain(f, Breaker(BreakerSettings{Name: "x", ConsecutiveFailures: 2}))
	for i := 0; i < 5; i++ {
		_, _ = p.Process(context.Background(), Input{})
	}
	f.set("ok")
	if out, err := p.Process(context.Background(), Input{}); err != nil || out.Provenance.Source != SourceLLM {
		t.Fatalf("cancellations tripped the breaker: %v", err)
	}
}

func TestMemoryStoreBoundsAndTTL(t *testing.T) {
	m := NewMemoryStore(2)
	now := time.Unix(0, 0)
	m.now = func() time.Time { return now }
	ctx := context.Background()
	_ = m.Set(ctx, "a", []byte("1"), time.Minute)
	_ = m.Set(ctx, "b", []byte("2"), 0)
	_, _, _ = m.Get(ctx, "a") // a is now most recent
	_ = m.Set(ctx, "c", []byte("3"), 0)
	if _, ok, _ := m.Get(ctx, "b"); ok {
		t.Error("LRU entry b not evicted")
	}
	now = now.Add(2 * time.Minute)
	if _, ok, _ := m.Get(ctx, "a"); ok {
		t.Error("expired entry served")
	}
	if v, ok, _ := m.Get(ctx, "c"); !ok || string(v) != "3" {
		t.Error("c lost")
	}
}
