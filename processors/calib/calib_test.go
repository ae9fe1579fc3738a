package calib

import (
	"context"
	"encoding/json"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/triage/triage/processors"
)

// overconfident draws decisions whose real accuracy is conf² (an engine
// that claims 0.9 when it is right 81% of the time).
func overconfident(n int, seed uint64) []Sample {
	r := rand.New(rand.NewPCG(seed, 1))
	s := make([]Sample, n)
	for i := range s {
		c := r.Float64()
		s[i] = Sample{Conf: c, Correct: r.Float64() < c*c}
	}
	return s
}

func table(t *testing.T, s []Sample) *Table {
	t.Helper()
	x, y := Fit(s)
	b, _ := json.Marshal(Table{Engine: "rules", Task: "route", X: x, Y: y})
	tb, err := Parse(b)
	if err != nil {
		t.Fatalf("the fitted table does not parse: %v", err)
	}
	return tb
}

// TestFitIsMonotoneAndBounded: on random and adversarial samples the
// fitted map never decreases and stays strictly within 0..1.
func TestFitIsMonotoneAndBounded(t *testing.T) {
	cases := [][]Sample{
		overconfident(2000, 1),
		{{0.9, false}, {0.9, false}, {0.1, true}, {0.1, true}}, // inverted: pooled flat
		{{1, true}, {1, true}, {0.2, false}},                   // all right at 1: still not 1
		{{0.5, false}, {0.7, true}},
		{{0, true}, {0, true}, {0.3, false}}, // abstentions are not fitted
	}
	for k := range 20 {
		cases = append(cases, overconfident(10+k*7, uint64(k+2)))
	}
	for ci, s := range cases {
		tb := table(t, s)
		prev := -1.0
		for raw := -0.1; raw <= 1.1; raw += 0.001 {
			c := tb.Apply(raw)
			if raw <= 0 && c != 0 {
				t.Fatalf("case %d: Apply(%g) = %g: an abstention must stay 0", ci, raw, c)
			}
			if c < prev-1e-12 || (raw > 0 && (c <= 0 || c >= 1)) {
				t.Fatalf("case %d: Apply(%g) = %g after %g: want non-decreasing, within (0,1)", ci, raw, c, prev)
			}
			prev = c
		}
	}
	if x, y := Fit(nil); x != nil || y != nil {
		t.Fatal("Fit(nil) is not empty")
	}
}

// TestFitCorrects: an overconfident engine's 0.9 maps near its real 0.81,
// and the calibrated values have a far lower calibration error on fresh
// samples than the raw ones.
func TestFitCorrects(t *testing.T) {
	tb := table(t, overconfident(5000, 7))
	if c := tb.Apply(0.9); math.Abs(c-0.81) > 0.06 {
		t.Errorf("Apply(0.9) = %.3f, want about 0.81", c)
	}
	fresh := overconfident(5000, 8)
	cal := make([]Sample, len(fresh))
	for i, s := range fresh {
		cal[i] = Sample{tb.Apply(s.Conf), s.Correct}
	}
	_, rawECE := Reliability(fresh, 10)
	_, calECE := Reliability(cal, 10)
	if rawECE < 0.1 || calECE > rawECE/3 {
		t.Errorf("ECE raw %.3f, calibrated %.3f: want the calibrated one under a third of the raw", rawECE, calECE)
	}
}

func TestReliability(t *testing.T) {
	s := []Sample{{0.05, false}, {0.95, true}, {0.95, false}, {1, true}, {0.5, true}, {math.NaN(), true}}
	bins, ece := Reliability(s, 10)
	if len(bins) != 10 || bins[0].Count != 1 || bins[5].Count != 1 || bins[9].Count != 3 {
		t.Fatalf("bins %+v", bins)
	}
	if b := bins[9]; math.Abs(b.MeanConf-(0.95+0.95+1)/3) > 1e-9 || math.Abs(b.Accuracy-2.0/3) > 1e-9 || b.Lo != 0.9 || b.Hi != 1 {
		t.Errorf("last bin %+v", b)
	}
	// |0-0.05|·1 + |1-0.5|·1 + |2/3-0.9667|·3, over 5 decisions
	want := (0.05 + 0.5 + 3*math.Abs(2.0/3-(0.95+0.95+1)/3)) / 5
	if math.Abs(ece-want) > 1e-9 {
		t.Errorf("ECE %.6f, want %.6f", ece, want)
	}
}

func TestParseRefuses(t *testing.T) {
	for _, bad := range []string{`{"x":[],"y":[]}`, `{"x":[0.1,0.2],"y":[0.5]}`, `{"x":[0.2,0.1],"y":[0.1,0.2]}`,
		`{"x":[0.1,0.2],"y":[0.6,0.5]}`, `{"x":[0.1],"y":[1.5]}`, `{`} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%s) accepted", bad)
		}
	}
}

// TestEmbeddedTables: every embedded table parses, names its engine and
// task, is found by Default, and was fitted on no held-out set.
func TestEmbeddedTables(t *testing.T) {
	names, _ := fs.Glob(tables, "tables/*.json")
	if len(names) == 0 {
		t.Fatal("no embedded tables")
	}
	for _, n := range names {
		data, _ := tables.ReadFile(n)
		tb, err := Parse(data)
		if err != nil {
			t.Fatal(n, err)
		}
		if "tables/"+tb.Engine+"-"+tb.Task+".json" != n || Default(tb.Engine, tb.Task) == nil || tb.N < 100 {
			t.Errorf("%s: engine %q task %q n %d", n, tb.Engine, tb.Task, tb.N)
		}
		for _, d := range tb.Data {
			if _, err := os.Stat(filepath.Join("../..", filepath.Dir(d), "HELDOUT")); err == nil {
				t.Errorf("%s was fitted on the held-out set %s", n, d)
			}
			if _, err := os.Stat(filepath.Join("../..", d)); err != nil {
				t.Errorf("%s: fitted on %s, which is not there: %v", n, d, err)
			}
		}
	}
	for _, task := range []string{"route", "extract"} {
		if Default("rules", task) == nil {
			t.Errorf("no embedded table for the rules %s", task)
		}
	}
	if Default("nobody", "route") != nil {
		t.Error("a table for an unknown engine")
	}
}

// TestCalibratedMiddleware: the output's confidence is mapped and the
// engine version names the map; errors and confidence-less outputs pass.
func TestCalibratedMiddleware(t *testing.T) {
	tb := &Table{X: []float64{0, 1}, Y: []float64{0.1, 0.6}}
	raw := 0.8
	p := Calibrated(tb)(processors.Func(func(_ context.Context, in processors.Input) (processors.Output, error) {
		if in.ID == "none" {
			return processors.Output{Provenance: processors.Provenance{EngineVersion: "e"}}, nil
		}
		return processors.Output{Provenance: processors.Provenance{EngineVersion: "e" + in.ID, Confidence: &raw}}, nil
	}))
	out, _ := p.Process(context.Background(), processors.Input{})
	if c := *out.Provenance.Confidence; math.Abs(c-0.5) > 1e-9 || out.Provenance.EngineVersion != "e+"+tb.Version() || raw != 0.8 {
		t.Errorf("confidence %g, version %s, raw %g", c, out.Provenance.EngineVersion, raw)
	}
	// The version made for one engine version is not reused for another.
	for _, id := range []string{"", "2", "2", "", "3"} {
		out, _ = p.Process(context.Background(), processors.Input{ID: id})
		if want := "e" + id + "+" + tb.Version(); out.Provenance.EngineVersion != want {
			t.Errorf("engine version %s, want %s", out.Provenance.EngineVersion, want)
		}
	}
	out, _ = p.Process(context.Background(), processors.Input{ID: "none"})
	if out.Provenance.Confidence != nil || out.Provenance.EngineVersion != "e" {
		t.Errorf("a confidence-less output changed: %+v", out.Provenance)
	}
	if (*Table)(nil).Apply(0.3) != 0.3 || (*Table)(nil).Version() != "" {
		t.Error("a nil table is not the identity")
	}
}

// TestFitTableParsesWhenKnotsRoundTogether: confidences a hair apart near
// 1 (a model's probabilities) round to one knot, and the table written
// still parses, with the highest value there.
func TestFitTableParsesWhenKnotsRoundTogether(t *testing.T) {
	var s []Sample
	for g, c := range []float64{0.5, 0.999999, 0.9999995, 1} { // right 50%, 60%, 80%, 100%
		for i := range 100 {
			s = append(s, Sample{Conf: c, Correct: i < 50+20*g-10*min(g, 1)})
		}
	}
	if x, _ := Fit(s); len(x) < 3 || math.Round(x[len(x)-2]*1e4) != 1e4 {
		t.Fatalf("the samples do not make knots that round together: %v", x)
	}
	tb := FitTable("rules", "route", nil, s)
	b, _ := json.Marshal(tb)
	got, err := Parse(b)
	if err != nil {
		t.Fatalf("the fitted table does not parse: %v (x %v)", err, tb.X)
	}
	if n := len(got.X); got.X[n-1] != 1 || got.Apply(1) < got.Apply(0.9) {
		t.Errorf("knots %v %v", got.X, got.Y)
	}
}
