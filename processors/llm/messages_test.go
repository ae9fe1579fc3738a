package llm

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestMessagesSkipsTokenizingWithoutTPM: without a TPM limit, messages sends
// what prompt would (the same messages, the same cut) for prompts that fit,
// that must be cut, that carry an extra user message or no truncatable
// one, and for invalid ones (the same error); its estimate is then an upper
// bound of prompt's. A prompt that fits is not tokenized (a few
// allocations, where tokenizing makes hundreds). With a TPM limit it is
// prompt, estimate included.
func TestMessagesSkipsTokenizingWithoutTPM(t *testing.T) {
	c := &Client{counter: mustCounter(t, "gpt-4o-mini"), cfg: Config{MaxInputTokens: 3000}}
	var reqs []Request
	for i := range 40 {
		reqs = append(reqs, testRequest(strings.Repeat(fmt.Sprintf("Where is parcel %d? ", i), i*4+1)))
	}
	extra := testRequest("Two boxes of tea, please.")
	extra.Messages = append(extra.Messages, Message{Role: RoleUser, Content: "CATALOG: tea, coffee"})
	none := testRequest(strings.Repeat("too long to send uncut ", 200))
	none.TruncatableIndex = 0
	bad := testRequest("x")
	bad.Messages[1].Content = "  "
	huge := testRequest(strings.Repeat("Sehr geehrte Damen und Herren, die Lieferung ist beschädigt. ", 1000))
	reqs = append(reqs, extra, none, bad, huge)
	fast, cuts := 0, 0
	for i, req := range reqs {
		pm, pn, pcut, perr := c.prompt(req)
		mm, mn, mcut, merr := c.messages(req)
		if fmt.Sprint(perr) != fmt.Sprint(merr) || !reflect.DeepEqual(pm, mm) || pcut != mcut || mn < pn {
			t.Fatalf("request %d: messages gave (%d msgs, %d tokens, cut %v, %v), prompt (%d msgs, %d tokens, cut %v, %v)",
				i, len(mm), mn, mcut, merr, len(pm), pn, pcut, perr)
		}
		if perr == nil && !pcut && mn > pn {
			fast++
		}
		cuts += map[bool]int{true: 1}[pcut]
	}
	if cuts == 0 {
		t.Fatal("no prompt was cut: the test shows nothing of that path")
	}
	if fast < 10 {
		t.Fatalf("only %d prompts took the untokenized path", fast)
	}
	small := reqs[3]
	if a := testing.AllocsPerRun(20, func() { _, _, _, _ = c.messages(small) }); a > 5 {
		t.Errorf("messages made %.0f allocations for a prompt that fits: it tokenized", a)
	}
	c.cfg.TPM = 1000
	for i, req := range reqs[:5] {
		_, pn, _, _ := c.prompt(req)
		if _, mn, _, _ := c.messages(req); mn != pn {
			t.Errorf("request %d with a TPM limit: estimate %d, prompt's %d", i, mn, pn)
		}
	}
}
