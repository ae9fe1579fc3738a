package drill

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/triage/triage/internal/kafkatest"
)

// simLatency is the simulator's latency in the drills: fast enough that the
// LLM path drains thousands of records in seconds on two cores.
const simLatency = "min=1ms,median=4ms,p99=30ms"

// StartLLM starts "triage llm-sim" (the simulated OpenAI-compatible server)
// as a child process and the drill's Proxy in front of it, holding records
// marked SlowMarker for slow. It returns the base URL to configure
// (llm.base_url). Both stop with the drill.
func StartLLM(bin, dir string, slow time.Duration) (*Proc, *Proxy, error) {
	port, err := kafkatest.FreePort()
	if err != nil {
		return nil, nil, fmt.Errorf("drill: llm-sim port: %w", err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	sim, err := StartProc("llm-sim", filepath.Join(dir, "llm-sim.log"), bin, "llm-sim",
		"--addr", addr, "--model", "llmsim", "--latency", simLatency)
	if err != nil {
		return nil, nil, err
	}
	if err := waitFor(sim, time.Minute, "GET /v1/models", func() bool {
		return httpOK(context.Background(), "http://"+addr+"/v1/models")
	}); err != nil {
		_ = sim.Stop(5 * time.Second)
		return nil, nil, err
	}
	proxy, err := NewProxy("http://"+addr, slow)
	if err != nil {
		_ = sim.Stop(5 * time.Second)
		return nil, nil, err
	}
	return sim, proxy, nil
}

// startLLMDrill is startDrill on the LLM path: the simulator and the proxy
// (holding SlowMarker records for slow) start first, triage's LLM calls get
// timeout, and tune adjusts the settings further (may be nil). They stop
// with the drill.
func startLLMDrill(ctx context.Context, opt Options, name, run string, c *Corpus, n int, slow, timeout time.Duration, tune func(*Settings)) (*Drill, error) {
	dir := filepath.Join(opt.Dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("drill: %w", err)
	}
	sim, proxy, err := StartLLM(opt.Bin, dir, slow)
	if err != nil {
		return nil, err
	}
	d, err := newDrill(ctx, opt, name, run, c, func(s *Settings) {
		s.LLMURL, s.LLMTimeout = proxy.URL(), timeout
		s.ProcessingTimeout = timeout + 15*time.Second
		if tune != nil {
			tune(s)
		}
	})
	if err != nil {
		_ = proxy.Close()
		_ = sim.Stop(10 * time.Second)
		return nil, err
	}
	d.Proxy, d.sim = proxy, sim
	if err := d.StartInstances(n); err != nil {
		d.stopAll()
		return nil, err
	}
	return d, nil
}
