package drill

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"time"
)

// modeHeader forces the LLM simulator's mode for one request (see
// processors/llmsim, ModeHeader). Spelled out here so that the drill only
// talks to the simulator over HTTP, like triage does.
const modeHeader = "X-Llmsim-Mode"

// Proxy stands between triage and the LLM simulator. It forwards every
// request, adding the simulator's mode header when a mode is set (SetMode:
// "error" answers 500, "hang" holds the request until the client gives up,
// "" lets the simulator draw as configured), and holds any request whose
// body contains SlowMarker for Slow before forwarding it.
type Proxy struct {
	Slow time.Duration

	mode    atomic.Pointer[string]
	held    atomic.Int64
	rp      *httputil.ReverseProxy
	srv     *http.Server
	baseURL string
}

// NewProxy returns a proxy to target (the simulator's base URL, e.g.
// http://127.0.0.1:8089) listening on a free loopback port.
func NewProxy(target string, slow time.Duration) (*Proxy, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("drill: proxy target %q: %w", target, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("drill: proxy listen: %w", err)
	}
	p := &Proxy{Slow: slow, rp: httputil.NewSingleHostReverseProxy(u)}
	// A client that gave up (a timeout, a hang) is expected: answer 502
	// quietly instead of logging each one.
	p.rp.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) {
		if r.Context().Err() == nil {
			http.Error(w, "drill proxy: "+err.Error(), http.StatusBadGateway)
		}
	}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	p.baseURL = "http://" + ln.Addr().String() + "/v1"
	go func() { _ = p.srv.Serve(ln) }()
	return p, nil
}

// URL is the base URL to give triage (llm.base_url).
func (p *Proxy) URL() string { return p.baseURL }

// SetMode sets the simulator mode forced on later requests ("" for none).
func (p *Proxy) SetMode(m string) { p.mode.Store(&m) }

// Held is how many requests were held for carrying SlowMarker.
func (p *Proxy) Held() int64 { return p.held.Load() }

// Close stops the proxy at once.
func (p *Proxy) Close() error { return p.srv.Close() }

// ServeHTTP forwards r, held and tagged as configured.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	if err != nil {
		http.Error(w, "drill proxy: "+err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if m := p.mode.Load(); m != nil && *m != "" {
		r.Header.Set(modeHeader, *m)
	}
	if p.Slow > 0 && bytes.Contains(body, []byte(SlowMarker)) {
		p.held.Add(1)
		t := time.NewTimer(p.Slow)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
	}
	p.rp.ServeHTTP(w, r)
}
