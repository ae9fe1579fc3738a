package pipeline_test

import (
	"bufio"
	"encoding/json"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/model"
)

// frozenEmail returns the record of the frozen set file with message id,
// without its gold: the email event as it arrives on the topic.
func frozenEmail(t *testing.T, file, id string) string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(rec["message_id"]), id) {
			delete(rec, "gold")
			b, _ := json.Marshal(rec)
			return string(b)
		}
	}
	t.Fatalf("%s: no email %s", file, id)
	return ""
}

// TestOrderModelByDefault: with the embedded rules the extract processor
// runs the built-in order model (its version in the processor's and the
// event's engine version); an email the rules read as an order and the
// model is sure is none (a studied frozen set's false order) is published
// as no order, declined_by the model, valid against the schema; with
// rules.order_model none the rules' order stands.
func TestOrderModelByDefault(t *testing.T) {
	om, err := model.BuiltinOrders()
	if err != nil {
		t.Fatal(err)
	}
	email := frozenEmail(t, "../eval/testdata/frozen/2026-11-29h/emails.jsonl", "fz29h-e008.")
	for _, spec := range []string{model.SpecDefault, model.SpecNone} {
		cfg := offlineConfig("")
		cfg.Rules.OrderModel = spec
		p, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		withModel := spec == model.SpecDefault
		if v := p.Handler.Routes[cfg.Topics.Emails].Spec.Version; strings.Contains(v, "+"+om.Version) != withModel {
			t.Errorf("order_model %q: extract version %s (built-in order model %s)", spec, v, om.Version)
		}
		o, pv, _ := decideOnce[processors.Order](t, p, cfg.Topics.Emails, email)
		if withModel != strings.Contains(pv.EngineVersion, "+"+om.Version) {
			t.Errorf("order_model %q: engine_version %s", spec, pv.EngineVersion)
		}
		if withModel && (o.IsOrder || len(o.Items) != 0 || !strings.HasPrefix(o.DeclinedBy, "model:")) {
			t.Errorf("the built-in order model did not decline: %+v", o)
		}
		if !withModel && (!o.IsOrder || o.DeclinedBy != "") {
			t.Errorf("order_model none: %+v, want the rules' order", o)
		}
		p.Close()
	}
}
