package llmsim

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestStart(t *testing.T) {
	s, base, stop, err := Start(Config{Model: "sim-1"}, testAnswers)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/v1") {
		t.Errorf("base URL %q", base)
	}
	resp, b := post(t, base+"/chat/completions", routeBody, nil)
	if resp.StatusCode != 200 || s.Stats().OK != 1 {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}

	hung := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, base+"/chat/completions", strings.NewReader(routeBody))
		req.Header.Set(ModeHeader, "hang")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		hung <- err
	}()
	waitFor(t, "the hang", func() bool { return s.Stats().Hangs > 0 })
	stopped := make(chan struct{})
	go func() {
		stop()
		stop() // idempotent
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(hangBound):
		t.Fatal("stop hangs with a hang in flight")
	}
	select {
	case <-hung:
	case <-time.After(hangBound):
		t.Fatal("hanging client not released by stop")
	}
	if _, err := http.Post(base+"/chat/completions", "application/json", strings.NewReader(routeBody)); err == nil {
		t.Error("server still accepting after stop")
	}
}

func TestStartRejectsInvalidConfig(t *testing.T) {
	if _, _, _, err := Start(Config{ErrorRate: 2}, testAnswers); err == nil {
		t.Fatal("Start accepted error rate 2")
	}
}
