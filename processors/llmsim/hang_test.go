package llmsim

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestHangReleasedWhenClientGivesUp(t *testing.T) {
	s := New(Config{}, testAnswers)
	returned := make(chan struct{}, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.ServeHTTP(w, r)
		returned <- struct{}{}
	}))
	defer ts.Close()
	defer s.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/v1/chat/completions", strings.NewReader(routeBody))
	req.Header.Set(ModeHeader, "hang")
	errc := make(chan error, 1)
	go func() {
		_, err := http.DefaultClient.Do(req)
		errc <- err
	}()
	waitFor(t, "the hang", func() bool { return s.Stats().Hangs == 1 })
	cancel() // the client gives up while the handler hangs
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want canceled (no answer before the client gave up)", err)
	}
	select {
	case <-returned:
	case <-time.After(hangBound):
		t.Fatal("handler still hanging after the client gave up")
	}
	if st := s.Stats(); st.Hangs != 1 || st.Canceled != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestHangReleasedByClose(t *testing.T) {
	s, ts := newTestServer(t, Config{HangRate: 1})
	done := make(chan int, 1)
	go func() {
		resp, err := http.Post(ts.URL+"/v1/chat/completions", "application/json", strings.NewReader(routeBody))
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	waitFor(t, "the hang", func() bool { return s.Stats().Hangs == 1 })
	select { // a negative check: a loaded machine can only make it pass
	case code := <-done:
		t.Fatalf("hang answered %d before Close", code)
	case <-time.After(20 * time.Millisecond):
	}
	s.Close()
	select {
	case code := <-done:
		if code != http.StatusServiceUnavailable {
			t.Errorf("status %d, want 503", code)
		}
	case <-time.After(hangBound):
		t.Fatal("Close did not release the hang")
	}
}

func TestLatencyCanceledByClient(t *testing.T) {
	s, ts := newTestServer(t, Config{Latency: Dist{Median: time.Hour}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/v1/chat/completions", strings.NewReader(routeBody))
	errc := make(chan error, 1)
	go func() {
		_, err := http.DefaultClient.Do(req)
		errc <- err
	}()
	waitFor(t, "the latency wait", func() bool { return s.Stats().OK == 1 }) // counted before the wait
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	waitFor(t, "the cancel", func() bool { return s.Stats().Canceled > 0 })
	if st := s.Stats(); st.Canceled != 1 || st.OK != 1 {
		t.Errorf("stats %+v", st)
	}
}

// hangBound is how long a test waits for something that must happen at
// once: long enough that a loaded machine never reaches it.
const hangBound = 30 * time.Second

// waitFor polls cond until it holds, failing the test after hangBound.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(hangBound); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %s", what, hangBound)
		}
	}
}
