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
	for _, want := range []string{"ROUTED", "ORDER", "DLQ", "summary:", `"specversion": "1.0"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
