package llm

import (
	"fmt"
	"testing"
)

// TestFixedPartsCountedOncePerPromptVersion renders many calls of two
// prompt versions: every estimate equals the per-call count of the whole
// prompt (what prompt() counted before the memory), and the fixed parts
// (schema, its name, roles, system prompt) are tokenized once per version.
func TestFixedPartsCountedOncePerPromptVersion(t *testing.T) {
	c := &Client{counter: mustCounter(t, "gpt-4o-mini"), cfg: Config{MaxInputTokens: 100000}}
	perCall := func(req Request) int {
		n := tokensReplyPriming + c.counter.Count(req.SchemaName) + c.counter.Count(string(req.Schema))
		for _, m := range req.Messages {
			n += tokensPerMessage + c.counter.Count(m.Role) + c.counter.Count(m.Content)
		}
		return n
	}
	for version, system := range []string{"You classify customer emails. Answer with JSON only.", "You route tickets. Answer with JSON only."} {
		before := c.counter.fixed.misses
		for i := range 50 {
			req := testRequest(fmt.Sprintf("Where is my parcel %d? It was due on day %d.", i, i%7))
			req.Messages[0].Content = system
			_, got, _, err := c.prompt(req)
			if err != nil {
				t.Fatal(err)
			}
			if want := perCall(req); got != want {
				t.Fatalf("version %d call %d: estimate %d tokens, per-call count %d", version, i, got, want)
			}
		}
		// First version: schema name, schema, two roles, system prompt;
		// the second shares all but its system prompt.
		want := map[int]int{0: 5, 1: 1}[version]
		if n := c.counter.fixed.misses - before; n != want {
			t.Errorf("version %d: fixed parts tokenized %d times over 50 calls, want %d", version, n, want)
		}
	}
}

func TestCountFixedIsBounded(t *testing.T) {
	c := mustCounter(t, "gpt-4")
	for i := range maxFixed + 10 {
		if got, want := c.CountFixed(fmt.Sprint("part ", i)), c.Count(fmt.Sprint("part ", i)); got != want {
			t.Fatalf("CountFixed %d, Count %d", got, want)
		}
	}
	if n := len(c.fixed.counts); n != maxFixed {
		t.Fatalf("remembers %d texts, want at most %d", n, maxFixed)
	}
}
