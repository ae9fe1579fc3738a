package engine

import (
	"strings"
	"testing"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/catalog"
	"github.com/triage/triage/prompts"
)

// TestCatalogCandidatesInThePrompt: the prompt gets the catalog entries
// the email mentions, at most k, in the CATALOG section, not the others;
// without a catalog there is no section.
func TestCatalogCandidatesInThePrompt(t *testing.T) {
	c, err := catalog.Load("../../internal/demo/samples/catalog.csv")
	if err != nil {
		t.Fatal(err)
	}
	in := processors.Input{Subject: "Order", Body: "Please send 2 cases of house blend and 3 caramel syrup."}
	two := candidates{c: c, k: 2}
	got := two.lines(in)
	if len(got) != 2 || !strings.HasPrefix(got[0], "HB-1KG | Arabica House Blend 1 kg | ") && !strings.HasPrefix(got[1], "HB-1KG |") {
		t.Fatalf("candidates %q", got)
	}
	many := candidates{c: c, k: 100}
	if all := many.lines(in); len(all) >= c.Len() {
		t.Errorf("%d candidates of %d entries: the whole catalog", len(all), c.Len())
	}
	tp, _ := prompts.Load(prompts.Extract)
	msgs, err := tp.Render(prompts.Vars{Subject: in.Subject, Body: in.Body, Catalog: got})
	if err != nil {
		t.Fatal(err)
	}
	user := msgs[1].Content
	if !strings.Contains(user, prompts.CatalogOpen+"\nHB-1KG") || !strings.Contains(user, "18.50 USD") || strings.Contains(user, "DC-500") {
		t.Errorf("prompt:\n%s", user)
	}
	msgs, _ = tp.Render(prompts.Vars{Subject: in.Subject, Body: in.Body, Catalog: (candidates{}).lines(in)})
	if strings.Contains(msgs[1].Content, prompts.CatalogOpen) {
		t.Error("a CATALOG section without a catalog")
	}
}
