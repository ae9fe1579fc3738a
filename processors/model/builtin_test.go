package model_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/triage/triage/processors/model"
)

// TestBuiltinModelsParse: both embedded models parse (their versions
// match their content), with the classes their combiners need.
func TestBuiltinModelsParse(t *testing.T) {
	r, err := model.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"account", "billing", "other", "returns", "sales", "shipping", "technical"}
	if !slices.Equal(r.Classes, want) || !strings.HasPrefix(r.Version, "model-") {
		t.Errorf("routing model %s: classes %v, want %v", r.Version, r.Classes, want)
	}
	o, err := model.BuiltinOrders()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.Classes, []string{model.ClassNotOrder, model.ClassOrder}) {
		t.Errorf("order model %s: classes %v", o.Version, o.Classes)
	}
	if again, _ := model.Builtin(); again != r {
		t.Error("Builtin parsed the model twice")
	}
}

// TestResolve: what rules.model and rules.order_model name.
func TestResolve(t *testing.T) {
	r, _ := model.Builtin()
	o, _ := model.BuiltinOrders()
	for _, tc := range []struct {
		spec, rulesFile string
		route, orders   *model.Model
	}{
		{model.SpecDefault, "", r, o},               // beside the embedded rules
		{model.SpecDefault, "rules.yaml", nil, nil}, // beside one's own rules: none
		{model.SpecBuiltin, "rules.yaml", r, o},
		{model.SpecNone, "", nil, nil},
	} {
		gr, err1 := model.Resolve(tc.spec, tc.rulesFile)
		gotO, err2 := model.ResolveOrders(tc.spec, tc.rulesFile)
		if err1 != nil || err2 != nil || gr != tc.route || gotO != tc.orders {
			t.Errorf("%q with rules %q: %v %v, %v %v", tc.spec, tc.rulesFile, gr, err1, gotO, err2)
		}
	}
	missing := filepath.Join(t.TempDir(), "route.json")
	if _, err := model.Resolve(missing, ""); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("a missing file: %v", err)
	}
}
