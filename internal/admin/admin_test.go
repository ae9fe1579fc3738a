package admin

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

func TestRoutes(t *testing.T) {
	reg := prometheus.NewRegistry()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "triage_test_total", Help: "x"})
	reg.MustRegister(c)
	c.Inc()
	var ready error = errors.New("no partitions assigned in the group yet")
	for _, pprof := range []bool{false, true} {
		s := &Server{Registry: reg, Ready: func() error { return ready }, PProf: pprof, Logger: slog.New(slog.DiscardHandler)}
		srv := httptest.NewServer(s.Handler())
		get := func(path string) (int, string) {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		tests := []struct {
			path string
			code int
			body string
		}{
			{"/metrics", 200, "triage_test_total 1"},
			{"/healthz", 200, "ok"},
			{"/readyz", 503, "not ready: "},
		}
		for _, tt := range tests {
			if code, body := get(tt.path); code != tt.code || !strings.Contains(body, tt.body) {
				t.Errorf("%s: %d %q", tt.path, code, body)
			}
		}
		ready = nil
		if code, _ := get("/readyz"); code != 200 {
			t.Errorf("/readyz after ready: %d", code)
		}
		ready = errors.New("stalled")
		want := 404
		if pprof {
			want = 200
		}
		if code, _ := get("/debug/pprof/"); code != want {
			t.Errorf("pprof=%v: /debug/pprof/ %d, want %d", pprof, code, want)
		}
		srv.Close()
	}
}
