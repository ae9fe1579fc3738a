package rules

import (
	"fmt"
	"reflect"
	"testing"
)

var sprintf = fmt.Sprintf

// Sentences end at '!', '?', a line break or a '.' before a space or the
// end; "3.5" and "example.com" do not end one.
func TestSplitSentenceStops(t *testing.T) {
	var sc wordScratch
	ws := sc.split("Version 3.5 on example.com fails. Can you fix it?\nThanks!")
	if len(ws) != 12 {
		t.Fatalf("words %q", ws)
	}
	if want := []int{7, 11, 12}; !reflect.DeepEqual(sc.stops, want) {
		t.Errorf("stops %v, want %v", sc.stops, want)
	}
	if want := []bool{false, true, false}; !reflect.DeepEqual(sc.asks, want) {
		t.Errorf("asks %v, want %v", sc.asks, want)
	}
	sc.split("no stop at all")
	if len(sc.stops) != 0 {
		t.Errorf("stops %v after a text without one", sc.stops)
	}
}

// requestRules weigh both queues' words alike; only the request tie-break
// can separate them.
const requestRules = `
router:
  queues: [shipping, returns, other]
  fallback_queue: other
  subject_weight: 2
  min_score: 1
  request_weight: %s
  request_cues: [please, "can you"]
  rules:
    - {name: s.words, queue: shipping, weight: 2, terms: [deliver*, parcel]}
    - {name: r.words, queue: returns, weight: 2, terms: [return*, refund]}
`

// The customer's request decides over the words of the background: the
// sentence that asks (a cue, or a '?') counts request_weight times.
func TestRouteRequestDecides(t *testing.T) {
	on, err := Parse([]byte(sprintf(requestRules, "2")))
	if err != nil {
		t.Fatal(err)
	}
	off, err := Parse([]byte(sprintf(requestRules, "0")))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ body, want, wantOff string }{
		// background: returns, parcel; request: deliver
		{"I returned the old one and got a refund. Please deliver the new one on Saturday.", "shipping", "returns"},
		{"The parcel came, the delivery was fine. Can you refund it, I want to return it", "returns", "shipping"},
		{"The parcel came. When is my refund?", "returns", "shipping"},
		// no sentence asks: plain counts, ties to the queue listed first
		{"The parcel was delivered. The return was refunded.", "shipping", "shipping"},
	} {
		if got, _ := NewRouter(on).Route("", tt.body); got.Queue != tt.want {
			t.Errorf("%q: %s %v, want %s", tt.body, got.Queue, got.Matched, tt.want)
		}
		if got, _ := NewRouter(off).Route("", tt.body); got.Queue != tt.wantOff {
			t.Errorf("without request weight %q: %s, want %s", tt.body, got.Queue, tt.wantOff)
		}
	}
}

// Kinds the default rules got wrong on independent tickets, in new words:
// an API's verb "returns" is no return of goods, a pitch or a compliment
// that names products stays other, and cancelling or pausing a
// subscription, or adding a user, is account.
func TestDefaultRouteKinds(t *testing.T) {
	expectRoutes(t, NewRouter(mustDefault(t)), []routeCase{
		{"sync broken", "Since Monday the orders endpoint returns an empty list and the webhook never fires.", "technical"},
		{"", "We help shops like yours halve their returns and refunds. Quick call on Thursday?", "other"},
		{"thank you", "Lovely packaging and the courier was brilliant, just wanted to say.", "other"},
		{"", "Please pause our subscription until March, the café is closed for winter.", "account"},
		{"", "could you add our new bookkeeper as a user with read-only rights", "account"},
		{"", "wie viel kostet das? we need 40 of the lamps, what is the cheapest price per piece", "sales"},
	})
}

// routeCase is a ticket and the queue it belongs to.
type routeCase struct{ subject, body, want string }

// expectRoutes fails t for every case rt routes to another queue.
func expectRoutes(t *testing.T, rt *Router, cases []routeCase) {
	t.Helper()
	for _, tt := range cases {
		if got, _ := rt.Route(tt.subject, tt.body); got.Queue != tt.want {
			t.Errorf("%q: %s %v, want %s", tt.body, got.Queue, got.Matched, tt.want)
		}
	}
}

func mustDefault(t *testing.T) *Rules {
	t.Helper()
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return r
}
