package llm

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/triage/triage/internal/failure"
)

// gatedServer answers like fakeServer, but holds every call until release
// is closed, and counts calls in progress and new connections.
type gatedServer struct {
	*httptest.Server
	release             chan struct{}
	active, peak, conns atomic.Int64
}

func newGatedServer(t *testing.T) *gatedServer {
	fake := newFakeServer(t)
	g := &gatedServer{release: make(chan struct{})}
	g.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := g.active.Add(1)
		for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
		}
		<-g.release
		g.active.Add(-1)
		fake.handle(w, r)
	}))
	g.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			g.conns.Add(1)
		}
	}
	g.Start()
	t.Cleanup(g.Close)
	return g
}

func TestConcurrencyBoundsCallsInProgress(t *testing.T) {
	g := newGatedServer(t)
	cfg := Config{BaseURL: g.URL, APIKey: testKey, Model: "gpt-4o-mini", Timeout: hangBound, Concurrency: 2}
	c := newTestClient(t, cfg)
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range 6 {
		wg.Go(func() {
			if _, err := c.Complete(context.Background(), testRequest("Where is my parcel?")); err != nil {
				failed.Add(1)
				t.Errorf("Complete: %v", err)
			}
		})
	}
	deadline := time.Now().Add(30 * time.Second)
	for g.active.Load() < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("only %d calls reached the server within 30s", g.active.Load())
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(g.release)
	wg.Wait()
	if p := g.peak.Load(); p != 2 {
		t.Errorf("%d calls in progress at once, want llm.concurrency 2", p)
	}
}

func TestConcurrencyWaitEndsWithTheDeadline(t *testing.T) {
	g := newGatedServer(t)
	defer close(g.release)
	c := newTestClient(t, Config{BaseURL: g.URL, APIKey: testKey, Model: "gpt-4o-mini", Timeout: hangBound, Concurrency: 1})
	go func() { _, _ = c.Complete(context.Background(), testRequest("first")) }()
	for g.active.Load() < 1 {
		time.Sleep(5 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	resp, err := c.Complete(ctx, testRequest("second"))
	if err == nil || resp.Attempts != 0 {
		t.Fatalf("Complete without a slot: attempts %d, err %v; want no attempt and a timeout", resp.Attempts, err)
	}
	if reason := failure.FallbackReason(err); reason != failure.Timeout {
		t.Errorf("fallback reason %q, want timeout (err %v)", reason, err)
	}
}

// TestIdleConnectionsFollowConcurrency makes rounds of 8 concurrent calls:
// the connections of the first round are kept and reused (Go's default
// transport keeps 2 idle per host, so at least 6 calls of each of the 9
// later rounds would open a new one: 62 or more in all). net/http returns
// a connection to its idle pool just after the caller has read the body,
// so a call of the next round may now and then find its connection not
// back yet and dial; the bound allows for that and still fails the default.
func TestIdleConnectionsFollowConcurrency(t *testing.T) {
	g := newGatedServer(t)
	close(g.release)
	c := newTestClient(t, Config{BaseURL: g.URL, APIKey: testKey, Model: "gpt-4o-mini", Timeout: hangBound, Concurrency: 8})
	for range 10 {
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				if _, err := c.Complete(context.Background(), testRequest("Where is my parcel?")); err != nil {
					t.Errorf("Complete: %v", err)
				}
			})
		}
		wg.Wait()
	}
	if n := g.conns.Load(); n > 16 {
		t.Errorf("80 calls in rounds of 8 opened %d connections, want at most 16 (8, plus a few re-dialled while a finished one was still on its way back to the pool)", n)
	}
}

// A call that must wait for a slot parks (WithParking) and resumes once it
// has the slot; a call that finds a free slot does not park.
func TestWaitingCallParks(t *testing.T) {
	g := newGatedServer(t)
	var parked, resumed atomic.Int64
	park := func(context.Context) func() { parked.Add(1); return func() { resumed.Add(1) } }
	c := newTestClient(t, Config{BaseURL: g.URL, APIKey: testKey, Model: "gpt-4o-mini", Timeout: hangBound, Concurrency: 1}, WithParking(park))
	first := make(chan error, 1)
	go func() { _, err := c.Complete(context.Background(), testRequest("first")); first <- err }()
	for g.active.Load() < 1 {
		time.Sleep(5 * time.Millisecond)
	}
	if parked.Load() != 0 {
		t.Fatal("a call with a free slot parked")
	}
	second := make(chan error, 1)
	go func() { _, err := c.Complete(context.Background(), testRequest("second")); second <- err }()
	for parked.Load() < 1 {
		time.Sleep(5 * time.Millisecond)
	}
	if resumed.Load() != 0 {
		t.Fatal("resumed before it had a slot")
	}
	close(g.release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	if parked.Load() != 1 || resumed.Load() != 1 {
		t.Fatalf("parked %d, resumed %d; want 1 and 1", parked.Load(), resumed.Load())
	}
}
