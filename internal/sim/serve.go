package sim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
)

// Serve runs the fake OpenAI-compatible server on addr, answering from the
// rules, until ctx ends. It prints the base URL to give triage
// (llm.base_url) on w.
func Serve(ctx context.Context, addr string, cfg llmsim.Config, rs *rules.Rules, w io.Writer) error {
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("sim: listen %s: %w", addr, err)
	}
	s := llmsim.New(cfg, RulesAnswerer(rs))
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(w, "llm-sim: SIMULATED OpenAI-compatible server (answers come from the rules engine)\n")
	fmt.Fprintf(w, "llm-sim: base URL http://%s/v1  (triage run --llm.base_url http://%s/v1 --llm.model %s)\n", ln.Addr(), ln.Addr(), cfg.Model)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.Close()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	st := s.Stats()
	fmt.Fprintf(w, "llm-sim: stopped after %d requests (%+v)\n", st.Requests, st)
	return nil
}
