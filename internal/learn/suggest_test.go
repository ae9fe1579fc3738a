package learn

import (
	"context"
	"strings"
	"testing"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/rules"
)

func email(body string, isOrder bool, items ...processors.Item) OrderExample {
	return OrderExample{In: processors.Input{Kind: processors.KindEmail, Subject: "Hello", Body: body},
		Order: processors.Order{IsOrder: isOrder, Items: items}}
}

// TestSuggest: synthetic labelled emails where the rules read a shorter
// product name than the label, and miss orders worded "kindly arrange":
// the alias and the cue are proposed with their evidence; a phrase also
// seen in a non-order is not.
func TestSuggest(t *testing.T) {
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	ex := []OrderExample{
		email("Please send 2 x Blue Widget at $4.00 each.", true, processors.Item{Product: "Blue Widget Deluxe", Quantity: 2}),
		email("Please send 5 x Blue Widget at $4.00 each.", true, processors.Item{Product: "Blue Widget Deluxe", Quantity: 5}),
		email("Kindly arrange our usual stock of cups for next week.", true, processors.Item{Product: "paper cups", Quantity: 1}),
		email("Kindly arrange the usual stock of lids, thank you.", true, processors.Item{Product: "lids", Quantity: 1}),
		email("Our usual stock arrived damaged, thank you.", false),
	}
	for _, e := range ex[2:4] {
		out, _ := rules.NewExtractor(rs).Process(context.Background(), e.In)
		if out.Decision.(*processors.Order).IsOrder {
			t.Fatalf("the default rules read %q as an order: the case needs another phrase", e.In.Body)
		}
	}
	s, err := Suggest(context.Background(), rs, ex, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Aliases) != 1 || s.Aliases[0] != (Alias{"blue widget", "Blue Widget Deluxe", 2}) {
		t.Errorf("aliases %+v", s.Aliases)
	}
	for _, c := range s.OrderCues {
		if c.Phrase == "usual stock" {
			t.Errorf("cue %q is also in a non-order", c.Phrase)
		}
	}
	if len(s.OrderCues) == 0 || s.OrderCues[0] != (Cue{"kindly arrange", 2}) {
		t.Errorf("order cues %+v", s.OrderCues)
	}
	var b strings.Builder
	if err := s.WriteYAML(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"blue widget": "Blue Widget Deluxe"   # 2 order lines`, `terms: ["kindly arrange"]}   # 2 emails`, "review"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("YAML lacks %q:\n%s", want, b.String())
		}
	}
	t.Logf("\n%s", b.String())

	// Below the evidence threshold nothing is proposed.
	s, _ = Suggest(context.Background(), rs, ex, 3)
	if len(s.Aliases)+len(s.OrderCues) != 0 {
		t.Errorf("minCount 3: %+v", s)
	}
}
