package engine

import (
	"slices"
	"testing"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
)

// Each setting that changes the valid answers changes the contract that
// cache keys are made of (issue 9: the key ignored the queue set).
func TestCacheContractCoversQueuesModelAndFallback(t *testing.T) {
	contract := func(model string, queues []string, fallback string) []string {
		r, err := NewRouter(&fakeLLM{}, model, queues, fallback)
		if err != nil {
			t.Fatal(err)
		}
		return r.CacheContract()
	}
	base := contract("sim-1", queues, "other")
	if !slices.Equal(base, contract("sim-1", []string{"billing", "technical", "other"}, "other")) {
		t.Fatal("the same configuration gives another contract")
	}
	for name, c := range map[string][]string{
		"queue removed": contract("sim-1", []string{"billing", "other"}, "other"),
		"queue added":   contract("sim-1", append(slices.Clone(queues), "vip"), "other"),
		"fallback":      contract("sim-1", queues, "billing"),
		"model":         contract("sim-2", queues, "other"),
	} {
		if slices.Equal(base, c) {
			t.Errorf("%s: contract unchanged", name)
		}
	}
	e, _ := NewExtractor(&fakeLLM{}, "sim-1")
	if slices.Equal(base, e.CacheContract()) {
		t.Error("router and extractor share a contract")
	}
}

// A cached answer is checked like a fresh one: against the queues and the
// input of now, not of when it was stored.
func TestRecheckValidatesLikeAFreshAnswer(t *testing.T) {
	r, _ := NewRouter(&fakeLLM{}, "sim-1", queues, "other")
	hit := func(answer string) processors.Output {
		return processors.Output{Decision: &processors.Route{Queue: "billing"}, Provenance: processors.Provenance{Source: processors.SourceLLM, Model: "sim-1-2026"},
			Exchange: &processors.Exchange{Response: answer}}
	}
	out, err := r.Recheck(processors.Input{}, hit(`{"queue":"technical","confidence":0.8}`))
	if err != nil || out.Decision.(*processors.Route).Queue != "technical" || *out.Provenance.Confidence != 0.8 || out.Provenance.Model != "sim-1-2026" {
		t.Fatalf("valid answer: %+v %v", out, err)
	}
	for name, h := range map[string]processors.Output{
		"queue no longer configured": hit(`{"queue":"vip-lane","confidence":0.9}`),
		"breaks the answer schema":   hit(`{"queue":"billing","confidence":0.9,"extra":1}`),
		"no raw answer stored":       {Decision: &processors.Route{Queue: "billing"}},
	} {
		if out, err := r.Recheck(processors.Input{}, h); failure.FallbackReason(err) != failure.BadAnswer || out.Decision != nil {
			t.Errorf("%s: accepted %+v (%v)", name, out.Decision, err)
		}
	}
	e, _ := NewExtractor(&fakeLLM{}, "sim-1")
	answer := `{"is_order":true,"order_ref":null,"currency":null,"items":[{"product":"Blue Widget","sku":null,"quantity":2,"unit_price":null}],"confidence":0.9}`
	if _, err := e.Recheck(processors.Input{Body: "2 x Blue Widget"}, hit(answer)); err != nil {
		t.Fatalf("grounded order refused: %v", err)
	}
	if _, err := e.Recheck(processors.Input{Body: "2 x Red Gadget"}, hit(answer)); failure.FallbackReason(err) != failure.BadAnswer {
		t.Errorf("an item not in the email accepted from the cache: %v", err)
	}
}
