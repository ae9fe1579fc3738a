package pipeline_test

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/learn"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/calib"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/model"
	"github.com/triage/triage/processors/rules"
)

// modelFile trains a model on made-up words the default rules do not know
// and writes it; queues lets a test step outside the rules' queue set.
func modelFile(t *testing.T, queues ...string) (path, version string) {
	t.Helper()
	if len(queues) == 0 {
		queues = []string{"technical", "shipping"}
	}
	var ex []learn.Example
	for i, q := range queues {
		word := []string{"frobnicator wobbles", "zorblax parcelgram"}[i%2]
		for range 3 {
			ex = append(ex, learn.Example{Body: "the " + word + " again", Label: q, Weight: 1, Source: learn.SourceLLM})
		}
	}
	o := learn.DefaultOptions()
	o.MinWeight = 0
	m, err := learn.Train(ex, o)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := m.Encode()
	path = filepath.Join(t.TempDir(), "model.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, m.Version
}

func routeOnce(t *testing.T, p *pipeline.Pipeline, topic, body string) (processors.Route, processors.Provenance, string) {
	t.Helper()
	v := `{"ticket_id":"T-1","subject":"","body":"` + body + `","channel":"web","customer":{"id":"C"},"created_at":"2026-11-27T10:00:00Z"}`
	return decideOnce[processors.Route](t, p, topic, v)
}

// TestRulesModelBesideTheRules: with rules.model the route processor's
// version (engine_version, event ids) carries the model's, a ticket the
// rules cannot route is routed by the model and says so in matched, and a
// ticket the rules route firmly is unchanged; without it everything is as
// before, and extraction never changes.
func TestRulesModelBesideTheRules(t *testing.T) {
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	path, mv := modelFile(t)
	build := func(spec string) (*pipeline.Pipeline, config.Config) {
		cfg := offlineConfig("")
		cfg.Rules.Model = spec
		p, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		return p, cfg
	}
	plain, cfg := build(model.SpecNone)
	with, _ := build(path)
	dflt, _ := build(model.SpecDefault)
	cal := "+" + calib.Default("rules", "route").Version() // the rules' confidence calibration
	if v := plain.Handler.Routes[cfg.Topics.Tickets].Spec.Version; v != rs.Version()+cal {
		t.Errorf("without a model the route version is %s, want %s%s", v, rs.Version(), cal)
	}
	bm, err := model.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if v := dflt.Handler.Routes[cfg.Topics.Tickets].Spec.Version; v != rs.Version()+"+"+bm.Version+cal {
		t.Errorf("by default the route version is %s, want the built-in model's: %s+%s%s", v, rs.Version(), bm.Version, cal)
	}
	if v := with.Handler.Routes[cfg.Topics.Tickets].Spec.Version; v != rs.Version()+"+"+mv+cal {
		t.Errorf("with a model the route version is %s, want %s+%s%s", v, rs.Version(), mv, cal)
	}
	if a, b := plain.Handler.Routes[cfg.Topics.Emails].Spec.Version, with.Handler.Routes[cfg.Topics.Emails].Spec.Version; a != b {
		t.Errorf("the model changed the extract version: %s, %s", a, b)
	}

	r0, _, id0 := routeOnce(t, plain, cfg.Topics.Tickets, "the frobnicator wobbles again")
	r1, p1, id1 := routeOnce(t, with, cfg.Topics.Tickets, "the frobnicator wobbles again")
	if r0.Queue != "other" || r1.Queue != "technical" || len(r1.Matched) != 1 || !strings.HasPrefix(r1.Matched[0], "model:") {
		t.Errorf("unknown words: rules alone %+v, with the model %+v", r0, r1)
	}
	if p1.EngineVersion != rs.Version()+"+"+mv+cal || p1.Source != "rules" || p1.FallbackReason != "llm_disabled" {
		t.Errorf("provenance %+v", p1)
	}
	if id0 == id1 {
		t.Error("the model did not change the event id")
	}
	const firm = "I was charged twice on my invoice, please refund the duplicate payment"
	a, _, _ := routeOnce(t, plain, cfg.Topics.Tickets, firm)
	b, _, _ := routeOnce(t, with, cfg.Topics.Tickets, firm)
	if a.Queue != "billing" || b.Queue != "billing" {
		t.Errorf("a firm rules answer: %+v without, %+v with the model", a, b)
	}
}

// TestRulesModelInTheCascade: behind an LLM the cascade's version (and
// so its cache key, made of the same rules version) carries the model's.
func TestRulesModelInTheCascade(t *testing.T) {
	_, url := fakeLLM(t, llmsim.Config{})
	path, mv := modelFile(t)
	cfg := offlineConfig(url)
	cfg.Rules.Model = path
	p, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if v := p.Handler.Routes[cfg.Topics.Tickets].Spec.Version; !strings.HasPrefix(v, "cascade-rules-") || !strings.Contains(v, "+"+mv+"+") {
		t.Errorf("cascade version %s lacks +%s", v, mv)
	}
}

func TestRulesModelRefused(t *testing.T) {
	foreign, _ := modelFile(t, "technical", "fungi")
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(t.TempDir(), "none.json"), "rules.model"},
		{foreign, "fungi"},
	} {
		cfg := offlineConfig("")
		cfg.Rules.Model = tc.path
		_, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one naming %q", tc.path, err, tc.want)
		}
	}
}
