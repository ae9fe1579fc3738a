package processors

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/triage/triage/internal/failure"
)

// BudgetGuard tracks LLM spend over a rolling window split into 60 slots.
// Safe for concurrent use; one guard is shared by every processor so the
// budget is the service's.
type BudgetGuard struct {
	mu       sync.Mutex
	limit    float64
	slot     time.Duration
	slots    [60]float64
	slotAt   [60]int64 // slot index (time / slot) each entry belongs to
	now      func() time.Time
	onChange func(spent, limit float64)
}

// NewBudgetGuard allows limitUSD per window; limitUSD <= 0 means no budget.
// onChange, if set, is told the window's spend after every change.
func NewBudgetGuard(limitUSD float64, window time.Duration, onChange func(spent, limit float64)) *BudgetGuard {
	g := &BudgetGuard{limit: limitUSD, slot: max(window/60, time.Millisecond), now: time.Now, onChange: onChange}
	if onChange != nil {
		onChange(0, max(limitUSD, 0))
	}
	return g
}

// Spend adds usd to the current slot.
func (g *BudgetGuard) Spend(usd float64) {
	if usd <= 0 {
		return
	}
	g.mu.Lock()
	cur := g.now().UnixNano() / int64(g.slot)
	i := cur % 60
	if g.slotAt[i] != cur {
		g.slotAt[i], g.slots[i] = cur, 0
	}
	g.slots[i] += usd
	spent := g.spentLocked(cur)
	g.mu.Unlock()
	if g.onChange != nil {
		g.onChange(spent, g.limit)
	}
}

// Spent is the spend inside the window.
func (g *BudgetGuard) Spent() float64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.spentLocked(g.now().UnixNano() / int64(g.slot))
}

func (g *BudgetGuard) spentLocked(cur int64) float64 {
	var sum float64
	for i, at := range g.slotAt {
		if at > cur-60 {
			sum += g.slots[i]
		}
	}
	return sum
}

// Allow reports whether another call fits the budget.
func (g *BudgetGuard) Allow() bool { return g.limit <= 0 || g.Spent() < g.limit }

// Budget refuses calls while the guard's window spend is at or over its
// budget (fallback budget_exceeded, no call) and records what each call cost,
// failed calls included.
func Budget(g *BudgetGuard) Middleware {
	return func(next Processor) Processor {
		return Func(func(ctx context.Context, in Input) (Output, error) {
			if !g.Allow() {
				if g.onChange != nil {
					g.onChange(g.Spent(), g.limit)
				}
				return Output{}, failure.WithFallback(failure.BudgetExceeded, fmt.Errorf("processors: LLM budget of $%.2f spent for the window", g.limit))
			}
			out, err := next.Process(ctx, in)
			g.Spend(out.Provenance.CostUSD)
			return out, err
		})
	}
}
