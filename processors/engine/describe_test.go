package engine

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/triage/triage/processors"
)

// The queue descriptions reach the system prompt and the cache contract.
func TestRouterDescriptions(t *testing.T) {
	f := &fakeLLM{content: `{"queue":"billing","confidence":0.9}`}
	desc := map[string]string{"billing": "Money already charged or owed."}
	r, err := NewRouter(f, "sim-1", queues, "other", WithDescriptions(desc))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Process(context.Background(), processors.Input{Subject: "x", Body: "charged twice"}); err != nil {
		t.Fatal(err)
	}
	if sys := f.last.Messages[0].Content; !strings.Contains(sys, "- billing: Money already charged or owed.\n- technical\n") {
		t.Errorf("system prompt lacks the description:\n%s", sys)
	}
	bare, _ := NewRouter(f, "sim-1", queues, "other")
	if slices.Equal(bare.CacheContract(), r.CacheContract()) {
		t.Errorf("descriptions left the cache contract unchanged: %q", r.CacheContract())
	}
}
