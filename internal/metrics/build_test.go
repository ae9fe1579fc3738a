package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// triage_build_info is scraped as exactly one series with value 1; a second
// Build call replaces the first series instead of adding one.
func TestBuildInfoIsScraped(t *testing.T) {
	m := New(nil)
	srv := httptest.NewServer(promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{}))
	defer srv.Close()
	m.Build("v0.9.0", "0000", "go1.26.0")
	m.Build("v1.2.3", "abc123", "go1.26.8")
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var series []string
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, "triage_build_info{") {
			series = append(series, line)
		}
	}
	want := `triage_build_info{goversion="go1.26.8",revision="abc123",version="v1.2.3"} 1`
	if len(series) != 1 || series[0] != want {
		t.Fatalf("build info series %q, want [%s]", series, want)
	}
	if !strings.Contains(string(body), "# TYPE triage_build_info gauge") {
		t.Fatal("triage_build_info is not a gauge")
	}
}
