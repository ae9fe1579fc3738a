package pipeline_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/catalog"
	"github.com/triage/triage/processors/llmsim"
)

const exampleCatalog = "../../internal/demo/samples/catalog.csv"

// extractOnce decides one email and returns the order, provenance and id
// of its event.
func extractOnce(t *testing.T, p *pipeline.Pipeline, topic, body string) (processors.Order, processors.Provenance, string) {
	t.Helper()
	b, _ := json.Marshal(body)
	v := `{"message_id":"<m1@x>","from":"a@b.example","to":["shop@x.example"],"subject":"Order","text":` + string(b) + `,"received_at":"2026-11-27T10:00:00Z"}`
	return decideOnce[processors.Order](t, p, topic, v)
}

// decideOnce handles one input value and returns the decision, provenance
// and id of its event.
func decideOnce[D any](t *testing.T, p *pipeline.Pipeline, topic, value string) (D, processors.Provenance, string) {
	t.Helper()
	outs, err := p.Handler.Handle(context.Background(), kafka.Message{Topic: topic, Value: []byte(value)})
	if err != nil {
		t.Fatal(err)
	}
	var ev struct {
		ID   string `json:"id"`
		Data struct {
			Decision   D                     `json:"decision"`
			Provenance processors.Provenance `json:"provenance"`
		} `json:"data"`
	}
	if err := json.Unmarshal(outs[0].Value, &ev); err != nil {
		t.Fatal(err)
	}
	return ev.Data.Decision, ev.Data.Provenance, ev.ID
}

const catalogOrder = "Hello,\n\nPlease send:\n- 4 x HB-1KG Arabica House Blend 1 kg\n- 2 x SYR-CAR-750 Caramel syrup 750 ml\n- 3 x ZZ-999 Garden gnome\n\nThanks"

// TestCatalogGroundsBothEngines: with rules.catalog every extraction, by
// the rules (no LLM) or by the LLM, carries its catalog matches, flags
// the unknown product without dropping it, fills missing prices from the
// catalog, and the extract version (engine_version, event ids) carries
// the catalog's.
func TestCatalogGroundsBothEngines(t *testing.T) {
	c, err := catalog.Load(exampleCatalog)
	if err != nil {
		t.Fatal(err)
	}
	_, url := fakeLLM(t, llmsim.Config{})
	for _, llm := range []string{"", url} {
		cfg := offlineConfig(llm)
		plain, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		cfg.Rules.Catalog = exampleCatalog
		with, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		if v := with.Handler.Routes[cfg.Topics.Emails].Spec.Version; !strings.Contains(v, "-"+c.Version()) {
			t.Errorf("llm %q: extract version %s lacks %s", llm, v, c.Version())
		}
		if a, b := plain.Handler.Routes[cfg.Topics.Tickets].Spec.Version, with.Handler.Routes[cfg.Topics.Tickets].Spec.Version; a != b {
			t.Errorf("the catalog changed the route version: %s, %s", a, b)
		}
		o0, _, id0 := extractOnce(t, plain, cfg.Topics.Emails, catalogOrder)
		o, pv, id := extractOnce(t, with, cfg.Topics.Emails, catalogOrder)
		if id == id0 || len(o.Items) != len(o0.Items) || len(o.Items) != 3 {
			t.Fatalf("llm %q: %d items with the catalog, %d without (want 3 both), ids %s %s", llm, len(o.Items), len(o0.Items), id, id0)
		}
		want := map[string]string{"HB-1KG": "HB-1KG", "SYR-CAR-750": "SYR-CAR-750"}
		for i, it := range o.Items {
			if o0.Items[i].Catalog != nil || o0.Items[i].Unknown {
				t.Errorf("without a catalog item %d is grounded: %+v", i, o0.Items[i])
			}
			switch sku := want[it.SKU]; {
			case sku != "":
				if it.Catalog == nil || it.Catalog.SKU != sku || it.Catalog.Score != 1 || it.UnitPrice == nil || it.PriceFrom != processors.PriceFromCatalog {
					t.Errorf("llm %q (%s): %+v not grounded in %s with its catalog price", llm, pv.Source, it, sku)
				}
			default:
				if !it.Unknown || it.Catalog != nil || it.UnitPrice != nil {
					t.Errorf("llm %q (%s): %+v: want unknown_product and no price", llm, pv.Source, it)
				}
			}
		}
		if o.Currency != "USD" {
			t.Errorf("llm %q: currency %q, want the catalog's USD for an order that states no price", llm, o.Currency)
		}
	}
}

func TestCatalogRefused(t *testing.T) {
	cfg := offlineConfig("")
	cfg.Rules.Catalog = "testdata/none.csv"
	_, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
	if err == nil || !strings.Contains(err.Error(), "rules.catalog") {
		t.Fatalf("error %v, want one naming rules.catalog", err)
	}
}
