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

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/v1/chat/completions", strings.NewReader(routeBody))
	req.Header.Set(ModeHeader, "hang")
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded (no answer before the client gave up)", err)
	}
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
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
	for s.Stats().Hangs == 0 {
		time.Sleep(time.Millisecond)
	}
	select {
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
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not release the hang")
	}
}

func TestLatencyCanceledByClient(t *testing.T) {
	s, ts := newTestServer(t, Config{Latency: Dist{Median: time.Hour}})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/v1/chat/completions", strings.NewReader(routeBody))
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.Stats().Canceled == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if st := s.Stats(); st.Canceled != 1 || st.OK != 1 {
		t.Errorf("stats %+v", st)
	}
}
