package pipeline

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/model"
	"github.com/triage/triage/processors/rules"
)

// TestCacheKeyCarriesTheModel: one answer cache shared by a deployment
// without rules.model and one with it: the second never gets the first's
// entry, since the model's version is part of the key (and of the
// processor version), while extraction keeps its key.
func TestCacheKeyCarriesTheModel(t *testing.T) {
	r := newCacheRig(t)
	rs, _ := rules.Default()
	m := &model.Model{Format: model.FormatVersion, Kind: model.KindNaiveBayes, Classes: []string{"billing", "technical"},
		Features: model.DefaultFeatures, Alpha: 1, Docs: []float64{1, 1}, Mass: []float64{1, 1},
		Counts: map[string][]float64{"w:charged": {0, 1}, "w:crash": {1, 1}}, Combine: model.DefaultPolicy}
	if err := m.Seal(); err != nil {
		t.Fatal(err)
	}
	store := processors.NewMemoryStore(100)
	build := func(withModel bool) processors.Processor {
		e, err := newEngines(r.cfg, rs, slog.New(slog.DiscardHandler), Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		rulesProc := processors.Processor(rules.NewRouter(rs))
		if withModel {
			e.model = m
			c, err := model.Combine(rulesProc, rs.Version(), rs.Router.Queues, m)
			if err != nil {
				t.Fatal(err)
			}
			rulesProc = c
		}
		p, v, err := e.build("route", rulesProc, e.router(), processors.Timeout(time.Minute), store)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(v, m.Version) != withModel || e.rulesVersion("extract") != rs.Version() {
			t.Errorf("model %v: version %s, extract rules version %s", withModel, v, e.rulesVersion("extract"))
		}
		return p
	}
	a, b := build(false), build(true)
	sources := []string{r.decide(a, chargedTwice).Provenance.Source, r.decide(a, chargedTwice).Provenance.Source, r.decide(b, chargedTwice).Provenance.Source}
	if strings.Join(sources, ",") != "llm,cache,llm" || store.Len() != 2 {
		t.Errorf("sources %v, %d entries; want llm,cache,llm and one entry per model", sources, store.Len())
	}
}
