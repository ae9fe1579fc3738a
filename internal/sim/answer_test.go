package sim

import (
	"encoding/json"
	"testing"

	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
	"github.com/triage/triage/prompts"
)

// The simulated LLM reads the extraction prompt's quoted context, so a
// reply accepting a quoted offer gets the offer's items, as from a model.
func TestRulesAnswererReadsQuotedContext(t *testing.T) {
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := prompts.Load(prompts.Extract)
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := tmpl.Render(prompts.Vars{Subject: "Re: offer", Body: "Yes please, we'll have both.",
		Quoted: "We can offer:\n- 4 x brass door knobs, EUR 12.00 each\n- 2 x iron hinges, EUR 5.50 each"})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := RulesAnswerer(rs)(llmsim.TaskExtract, msgs[0].Content, msgs[1].Content)
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		IsOrder bool `json:"is_order"`
		Items   []struct {
			Product   string   `json:"product"`
			Quantity  int      `json:"quantity"`
			UnitPrice *float64 `json:"unit_price"`
		} `json:"items"`
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatal(err)
	}
	if !a.IsOrder || len(a.Items) != 2 || a.Items[0].Quantity != 4 || a.Items[1].UnitPrice == nil || *a.Items[1].UnitPrice != 5.5 {
		t.Errorf("answer %s", raw)
	}
	if quotedText("no markers") != "" {
		t.Error("quoted text without markers")
	}
}
