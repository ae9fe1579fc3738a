package pipeline_test

import (
	"log/slog"
	"sync"
	"testing"

	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/llmsim"
)

// With rules.model and an LLM, every route the LLM answers reports
// whether the model would have chosen the same queue; a decision the
// rules made (the LLM failed) reports nothing.
func TestModelAgreementWithTheLLM(t *testing.T) {
	sim, url := fakeLLM(t, llmsim.Config{})
	path, _ := modelFile(t)
	cfg := offlineConfig(url)
	cfg.Rules.Model = path
	type report struct {
		processor string
		agree     bool
	}
	var (
		mu  sync.Mutex
		got []report
	)
	hooks := pipeline.Hooks{OnModelAgreement: func(p string, agree bool) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, report{p, agree})
	}}
	p, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", hooks)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	// The simulator answers as the default rules: shipping for both. The
	// model knows only "zorblax parcelgram" (shipping) and "frobnicator
	// wobbles" (technical).
	for _, c := range []struct {
		body  string
		agree bool
	}{
		{"zorblax parcelgram: the parcel tracking shows no delivery since Monday", true},
		{"frobnicator wobbles: the parcel tracking shows no delivery since Monday", false},
	} {
		r, pv, _ := routeOnce(t, p, cfg.Topics.Tickets, c.body)
		if pv.Source != processors.SourceLLM || r.Queue != "shipping" {
			t.Fatalf("%q: %s by %s, want shipping by the LLM", c.body, r.Queue, pv.Source)
		}
		mu.Lock()
		last := got[len(got)-1]
		mu.Unlock()
		if last != (report{"route", c.agree}) {
			t.Errorf("%q: reported %+v, want agree=%v", c.body, last, c.agree)
		}
	}
	n := len(got)
	cfgSim := sim.Config()
	cfgSim.ErrorRate = 1
	sim.SetConfig(cfgSim)
	if _, pv, _ := routeOnce(t, p, cfg.Topics.Tickets, "zorblax parcelgram: where is my parcel"); pv.Source != processors.SourceRules {
		t.Fatalf("with the LLM failing: source %s", pv.Source)
	}
	if len(got) != n {
		t.Errorf("a rules decision reported agreement: %+v", got[n:])
	}
}
