package learn

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/processors/model"
)

// TestBuiltinModelIsFresh: the embedded model is the one the labelled
// sets train today (run go generate ./processors/model/ after a set is
// added or studied), and none of its sources is held out.
func TestBuiltinModelIsFresh(t *testing.T) {
	got, err := model.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	want, err := TrainBuiltin("../..")
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != want.Version {
		t.Errorf("embedded %s, the sets train %s: run go generate ./processors/model/", got.Version, want.Version)
	}
	for _, s := range got.Training.Sources {
		if eval.HeldOut(filepath.Join("../..", s)) {
			t.Errorf("trained on the held-out set %s", s)
		}
	}
	if got.Combine != BuiltinPolicy || !(got.Temperature > 1) {
		t.Errorf("policy %+v, temperature %v", got.Combine, got.Temperature)
	}
	b, _ := got.Encode()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, claim := range []string{
		fmt.Sprintf("(%d,%03d tickets from %d sets)", got.Training.Examples/1000, got.Training.Examples%1000, len(got.Training.Sources)),
		fmt.Sprintf("temperature (%.2f)", got.Temperature),
		fmt.Sprintf("the model file is %.1f MB", float64(len(b))/1e6),
	} {
		if !strings.Contains(string(readme), claim) {
			t.Errorf("the README does not say %q", claim)
		}
	}
}

// TestBuiltinFilesSkipHeldOut: the training sets are the globs' matches,
// minus held-out directories and the files left out by name.
func TestBuiltinFilesSkipHeldOut(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{
		"processors/rules/testdata/route_a.jsonl", "processors/rules/testdata/orders.jsonl",
		"internal/eval/testdata/frozen/x/tickets.jsonl", "internal/eval/testdata/frozen/y/tickets.jsonl",
		"internal/eval/testdata/frozen/held/tickets.jsonl", "internal/eval/testdata/frozen/held/HELDOUT",
	} {
		p := filepath.Join(root, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := BuiltinFiles(root, "internal/eval/testdata/frozen/y/tickets.jsonl")
	want := []string{"internal/eval/testdata/frozen/x/tickets.jsonl", "processors/rules/testdata/route_a.jsonl"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("BuiltinFiles = %v, %v; want %v", got, err, want)
	}
	if _, err := BuiltinFiles(t.TempDir()); err == nil {
		t.Error("no sets: no error")
	}
}

// TestBuiltinLeaveOneSetOut scores, on each frozen set, the rules alone,
// the model alone and the two combined (as the service runs them), the
// model trained (and its temperature fitted) without that set: how the
// built-in model does on voices it never saw. The rules were tuned on
// every one of these sets, so their column flatters them. The README's
// table ("The built-in routing model") must show these rows; the combined
// engine must beat the rules alone on average. About 25 s.
func TestBuiltinLeaveOneSetOut(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 64 models")
	}
	files, err := BuiltinFiles("../..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var sum [3]float64
	n := 0
	for _, f := range files {
		if ok, _ := filepath.Match(builtinFolds, f); !ok {
			continue
		}
		m, err := TrainBuiltin("../..", f)
		if err != nil {
			t.Fatal(err)
		}
		var acc [3]float64
		for i, o := range []eval.Options{{}, {Route: m}, {RouteModel: m}} {
			o.Task, o.Data, o.Mode = eval.TaskRoute, filepath.Join("../..", f), eval.ModeRules
			rep, err := eval.Run(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			acc[i] = rep.Accuracy
			sum[i] += rep.Accuracy
		}
		n++
		row := fmt.Sprintf("| %s | %.3f | %.3f | %.3f |", filepath.Base(filepath.Dir(f)), acc[0], acc[1], acc[2])
		t.Log(row)
		if !strings.Contains(string(readme), row+"\n") {
			t.Errorf("the README lacks the row %q", row)
		}
	}
	mean := fmt.Sprintf("| mean of %d | %.3f | %.3f | %.3f |", n, sum[0]/float64(n), sum[1]/float64(n), sum[2]/float64(n))
	t.Log(mean)
	if !strings.Contains(string(readme), mean+"\n") {
		t.Errorf("the README lacks the row %q", mean)
	}
	if sum[2] <= sum[0] {
		t.Errorf("combined mean %.3f does not beat the rules alone, %.3f", sum[2]/float64(n), sum[0]/float64(n))
	}
}
