package llmsim

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Start validates cfg and serves a new Server on 127.0.0.1 at a free port.
// It returns the server, the base URL to give an OpenAI client
// ("http://127.0.0.1:<port>/v1") and a function that stops it: it calls
// Server.Close (releasing hangs) and shuts the listener down, waiting up to
// 5 seconds for requests in flight. The stop function may be called more
// than once.
func Start(cfg Config, answer Answerer) (*Server, string, func(), error) {
	if err := cfg.Validate(); err != nil {
		return nil, "", nil, fmt.Errorf("llmsim: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, fmt.Errorf("llmsim: listen: %w", err)
	}
	s := New(cfg, answer)
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = hs.Serve(ln) // ends with http.ErrServerClosed when stopped
	}()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			s.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if hs.Shutdown(ctx) != nil {
				_ = hs.Close()
			}
			<-served
		})
	}
	return s, "http://" + ln.Addr().String() + "/v1", stop, nil
}
