package processors

import (
	"context"
	"testing"
	"time"
)

func TestBudgetGuardRollsAndRefuses(t *testing.T) {
	now := time.Unix(1000, 0)
	var seen []float64
	g := NewBudgetGuard(0.02, time.Hour, func(spent, limit float64) { seen = append(seen, spent) })
	g.now = func() time.Time { return now }
	f := &llmFake{mode: "ok"} // each answer costs $0.01
	p := Chain(f, Fallback(rulesFake, FallbackOptions{}), Budget(g))
	var reasons []string
	for i := 0; i < 4; i++ {
		out, _ := p.Process(context.Background(), Input{})
		reasons = append(reasons, out.Provenance.Source+"/"+out.Provenance.FallbackReason)
	}
	if f.n() != 2 || reasons[2] != "rules/budget_exceeded" || reasons[3] != "rules/budget_exceeded" {
		t.Fatalf("calls %d reasons %v", f.n(), reasons)
	}
	now = now.Add(61 * time.Minute) // the window moved past the spend
	if out, _ := p.Process(context.Background(), Input{}); out.Provenance.Source != SourceLLM || f.n() != 3 {
		t.Fatalf("budget not released after the window: %+v", out.Provenance)
	}
	if len(seen) == 0 || seen[0] != 0 {
		t.Errorf("onChange calls %v", seen)
	}
	if NewBudgetGuard(0, time.Hour, nil).Allow() != true {
		t.Error("no budget must allow")
	}
}
