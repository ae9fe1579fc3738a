package drill

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestProxyForwardsTagsAndHolds(t *testing.T) {
	modes := make(chan string, 10)
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		modes <- r.Header.Get(modeHeader)
		b, _ := io.ReadAll(r.Body)
		_, _ = w.Write(append([]byte(r.URL.Path+" "), b...))
	}))
	defer upstream.Close()
	p, err := NewProxy(upstream.URL, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	post := func(ctx context.Context, body string) (string, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, p.URL()+"/chat/completions", strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	}
	if got, err := post(context.Background(), "hello"); err != nil || got != "/v1/chat/completions hello" {
		t.Fatalf("forwarded = %q, %v", got, err)
	}
	p.SetMode("error")
	if _, err := post(context.Background(), "x"); err != nil {
		t.Fatal(err)
	}
	if first, second := <-modes, <-modes; first != "" || second != "error" {
		t.Fatalf("modes seen upstream = %q, %q, want none then error", first, second)
	}

	// A marked request is held (here for an hour) until the client gives up,
	// and never reaches the upstream.
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { _, err := post(ctx, "ticket "+SlowMarker); errc <- err }()
	for p.Held() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-errc; err == nil {
		t.Fatal("held request answered")
	}
	if len(modes) != 0 {
		t.Fatal("held request reached the upstream")
	}
}
