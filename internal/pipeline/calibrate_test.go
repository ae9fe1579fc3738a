package pipeline_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/calib"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/model"
	"github.com/triage/triage/processors/rules"
)

// defaultRouteEngine is the rules engine the default configuration routes
// with: the default rules beside the built-in model, and its version.
func defaultRouteEngine(t *testing.T, rs *rules.Rules) (processors.Processor, string) {
	t.Helper()
	m, err := model.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	c, err := model.Combine(rules.NewRouter(rs), rs.Version(), rs.Router.Queues, m)
	if err != nil {
		t.Fatal(err)
	}
	return c, c.Version()
}

// TestRulesFirstActsOnCalibratedConfidence: llm.rules_first_min_confidence
// is compared with the rules engine's calibrated confidence (the rules
// beside the built-in model, as configured by default), not its raw one. The
// threshold is set between the two for a ticket, so the raw value and the
// calibrated one would decide differently; the event carries the
// calibrated value and the table's version.
func TestRulesFirstActsOnCalibratedConfidence(t *testing.T) {
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	table := calib.Default("rules", "route")
	if table == nil {
		t.Fatal("no embedded rules route table")
	}
	engine, version := defaultRouteEngine(t, rs)
	tested := 0
	for _, body := range []string{
		"the frobnicator wobbles again",                                          // the rules abstain: raw 0
		"I was charged twice on my invoice, please refund the duplicate payment", // firm
		"my invoice is wrong and the app also crashes when I log in",             // mixed
	} {
		out, err := engine.Process(context.Background(), processors.Input{Kind: processors.KindTicket, ID: "T-1", Body: body})
		if err != nil {
			t.Fatal(err)
		}
		raw := *out.Provenance.Confidence
		cal := table.Apply(raw)
		if cal == raw {
			continue // no threshold tells them apart
		}
		tested++
		sim, url := fakeLLM(t, llmsim.Config{})
		cfg := offlineConfig(url)
		cfg.LLM.RulesFirst, cfg.LLM.RulesFirstMin, cfg.LLM.CacheSize = true, (raw+cal)/2, 0
		p, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		_, pv, _ := routeOnce(t, p, cfg.Topics.Tickets, body)
		wantRules := cal >= cfg.LLM.RulesFirstMin
		if gotRules := pv.Source == processors.SourceRules; gotRules != wantRules || (sim.Stats().Requests == 0) != wantRules {
			t.Errorf("%q: raw %.3f, calibrated %.3f, min %.3f: source %s after %d LLM calls, want the rules %v",
				body, raw, cal, cfg.LLM.RulesFirstMin, pv.Source, sim.Stats().Requests, wantRules)
		}
		if wantRules && (pv.Confidence == nil || *pv.Confidence != cal || pv.EngineVersion != version+"+"+table.Version()) {
			t.Errorf("%q: provenance %+v, want confidence %.3f from %s", body, pv, cal, table.Version())
		}
	}
	if tested == 0 {
		t.Fatal("the table maps every sample ticket to its raw confidence: nothing tested")
	}
}
