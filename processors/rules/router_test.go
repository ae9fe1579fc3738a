package rules

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/triage/triage/processors"
)

// hint3 is a small rules file with non-default labels and a no-match label.
const hint3 = `
router:
  queues: [PLAN_INFO, CANCEL, NO_NODES_DETECTED]
  fallback_queue: NO_NODES_DETECTED
  subject_weight: 3
  min_score: 1
  rules:
    - {name: plan.words, queue: PLAN_INFO, weight: 1, terms: ["plan*", "tarif", "größe"]}
    - {name: plan.price, queue: PLAN_INFO, weight: 2, patterns: ['\bhow much\b']}
    - {name: cancel.words, queue: CANCEL, weight: 1, terms: [cancel*, kündigen], unless: ["don't cancel"]}
    - {name: cancel.not-plan, queue: PLAN_INFO, weight: -1, terms: [cancel*]}
`

func TestRouteCustomLabels(t *testing.T) {
	r, err := Parse([]byte(hint3))
	if err != nil {
		t.Fatal(err)
	}
	rt := NewRouter(r)
	tests := []struct {
		name, subject, body string
		queue               string
		matched             []string
	}{
		{"keyword", "", "Tell me about your plans", "PLAN_INFO", []string{"plan.words"}},
		{"pattern", "", "How much is it?", "PLAN_INFO", []string{"plan.price"}},
		{"unicode case", "", "Welche GRÖSSE? Welche GRÖßE hat der Tarif?", "PLAN_INFO", []string{"plan.words"}},
		{"no match", "", "hello there", "NO_NODES_DETECTED", nil},
		{"tie goes to first queue", "", "Tarif kündigen", "PLAN_INFO", []string{"plan.words"}},
		{"negative signal", "", "cancel my plan, cancelling now", "CANCEL", []string{"cancel.words"}},
		{"subject weighs more", "Cancel", "about the plan", "CANCEL", []string{"cancel.words"}},
		{"unless vetoes", "", "please don't cancel, just wondering", "NO_NODES_DETECTED", nil},
		{"kündigen", "", "Ich möchte KÜNDIGEN", "CANCEL", []string{"cancel.words"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, conf := rt.Route(tt.subject, tt.body)
			if got.Queue != tt.queue || !reflect.DeepEqual(got.Matched, tt.matched) {
				t.Errorf("Route = %+v, want %s %v", got, tt.queue, tt.matched)
			}
			if conf < 0 || conf > 1 || tt.queue == "NO_NODES_DETECTED" && conf != 0 {
				t.Errorf("confidence %v", conf)
			}
		})
	}
}

func TestRouteDefault(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	rt := NewRouter(r)
	tests := []struct{ subject, body, queue string }{
		{"Charged twice", "I was billed twice for March.", "billing"},
		{"App crashes", "The Android app crashes on startup since the update.", "technical"},
		{"Password reset", "The password reset email never arrives.", "account"},
		{"Where is my parcel?", "Tracking hasn't updated in a week.", "shipping"},
		{"Return", "I want to return the jacket, it doesn't fit. How do I get a return label?", "returns"},
		{"Pricing", "Can you send a quote for 50 seats of the business plan?", "sales"},
		{"Hi", "Just wanted to say thanks!", "other"},
		{"", "", "other"},
	}
	for _, tt := range tests {
		t.Run(tt.queue+"/"+tt.subject, func(t *testing.T) {
			if got, _ := rt.Route(tt.subject, tt.body); got.Queue != tt.queue {
				t.Errorf("Route(%q, %q) = %+v, want %s", tt.subject, tt.body, got, tt.queue)
			}
		})
	}
}

func TestRouterProcess(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	rt := NewRouter(r)
	var _ processors.Processor = rt
	in := processors.Input{Kind: processors.KindTicket, ID: "t1", Subject: "Invoice", Body: "Wrong VAT number on my invoice"}
	out, err := rt.Process(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	route, ok := out.Decision.(*processors.Route)
	if !ok || route.Queue != "billing" || len(route.Matched) == 0 {
		t.Fatalf("decision = %#v", out.Decision)
	}
	pv := out.Provenance
	if pv.Source != "rules" || pv.EngineVersion != r.Version() || pv.Confidence == nil || *pv.Confidence <= 0 {
		t.Errorf("provenance = %+v", pv)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := rt.Process(ctx, in); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: err = %v", err)
	}
}

func TestRouterInvalidRules(t *testing.T) {
	r := &Rules{Router: RouterRules{Queues: []string{"a"}, FallbackQueue: "a", SubjectWeight: 1,
		Rules: []RouteRule{{Signal: Signal{Name: "x", Weight: 1, Terms: []string{"x"}}, Queue: "nope"}}}}
	rt := NewRouter(r)
	if got, conf := rt.Route("x", "x"); got.Queue != "a" || conf != 0 {
		t.Errorf("Route = %+v %v", got, conf)
	}
	_, err := rt.Process(context.Background(), processors.Input{})
	if err == nil || !strings.Contains(err.Error(), `unknown queue "nope"`) {
		t.Errorf("Process err = %v", err)
	}
}

// Process lists the queues that scored, best first, for review tasks;
// the winner leads them.
func TestProcessListsAlternatives(t *testing.T) {
	rs, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	out, err := NewRouter(rs).Process(context.Background(), processors.Input{Subject: "Charged twice", Body: "I was billed twice and the app crashes with an error"})
	if err != nil {
		t.Fatal(err)
	}
	alts := out.Alternatives
	if len(alts) < 2 || len(alts) > maxAlternatives || alts[0].Queue != out.Decision.(*processors.Route).Queue {
		t.Fatalf("alternatives %+v for decision %+v", alts, out.Decision)
	}
	for i := 1; i < len(alts); i++ {
		if alts[i].Score > alts[i-1].Score || alts[i].Score <= 0 {
			t.Errorf("alternatives not best first and positive: %+v", alts)
		}
	}
}
