package demo

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// The demo is a README command: it must account for every sample, route
// every ticket, decide every email and dead-letter exactly the bad ones with
// their expected reasons.
func TestDemoRunsEndToEnd(t *testing.T) {
	ss, err := Samples()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sum, err := Run(context.Background(), &out, Options{Timeout: 60 * time.Second})
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	var tickets, emails, bad int
	for _, s := range ss {
		switch {
		case s.WantReason != "":
			bad++
		case s.Topic == "tickets":
			tickets++
		default:
			emails++
		}
	}
	if total(sum.Routed) != tickets || sum.Orders+sum.NotOrders != emails || total(sum.DeadLettered) != bad {
		t.Errorf("summary %+v; want %d routed, %d emails decided, %d dead", sum, tickets, emails, bad)
	}
	if sum.Grounded == 0 || sum.Grounded+sum.Unknown != sum.Items {
		t.Errorf("catalog: %d of %d items grounded, %d unknown; want every item one or the other, some grounded", sum.Grounded, sum.Items, sum.Unknown)
	}
	for _, want := range []string{"ROUTED", "ORDER", "DLQ", "summary:", `"specversion": "1.0"`, "→ catalog HB-1KG", "(price from catalog)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// The --llm-sim demo shows LLM answers first, then the outage: failures
// fall back with upstream_error until the breaker opens, then breaker_open.
func TestDemoWithSimulatedLLMAndOutage(t *testing.T) {
	var out bytes.Buffer
	sum, err := Run(context.Background(), &out, Options{Timeout: 90 * time.Second, LLMSim: true})
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, k := range []string{"llm/", "rules/upstream_error", "rules/breaker_open"} {
		if sum.BySource[k] == 0 {
			t.Errorf("no %s decisions: %v", k, sum.BySource)
		}
	}
	if sum.Inputs != total(sum.Routed)+sum.Orders+sum.NotOrders+total(sum.DeadLettered) || sum.Tokens == 0 || sum.CostUSD <= 0 {
		t.Errorf("summary %+v", sum)
	}
	for _, want := range []string{"SIMULATED", "closed→open", "fallback breaker_open"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
