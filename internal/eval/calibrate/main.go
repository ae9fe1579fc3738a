// Command calibrate fits the embedded calibration tables of the rules
// engine (processors/calib/tables) from the independent development sets:
// it runs the default rules (beside the built-in models, each trained
// without the set being decided) on every labelled set the globs below
// find, pairs each
// decision's raw confidence with whether it was right (eval's Reliability
// rule), fits calib.Fit per task and writes rules-route.json and
// rules-extract.json. A set whose directory holds a HELDOUT file is never
// read. Run it after any change to the rules' confidences:
//
//	go generate ./processors/calib/
//
// (which runs go run ../../internal/eval/calibrate -out tables). The same
// fit of one file, for any engine, is triage eval --fit-calibration.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/internal/learn"
	"github.com/triage/triage/processors/calib"
)

// devSets are the labelled development sets per task, as globs relative
// to the module root: the frozen sets written independently of the rules.
// The project's own sets (processors/rules/testdata) are left out on
// purpose: the rules were tuned on them, and there nearly every decision
// is right at any confidence, which would teach the map that the rules
// are never wrong (their figures are in the README's calibration section).
var devSets = map[string][]string{
	eval.TaskRoute:   {"internal/eval/testdata/frozen/*/tickets.jsonl"},
	eval.TaskExtract: {"internal/eval/testdata/frozen/*/emails.jsonl"},
}

func main() {
	out := flag.String("out", "processors/calib/tables", "directory the tables are written to")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "calibrate:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	for _, task := range []string{eval.TaskRoute, eval.TaskExtract} {
		t, cv, err := Fit(root, task)
		if err != nil {
			return err
		}
		b, _ := json.MarshalIndent(t, "", " ")
		path := filepath.Join(out, "rules-"+task+".json")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %d decisions from %v, %d knots, %s; %d-fold cross-validated ECE %.3f raw, %.3f calibrated\n",
			path, t.N, t.Data, len(t.X), t.Version(), folds, cv.raw, cv.cal)
	}
	return nil
}

// Fit fits the rules engine's table for task on the development sets
// under root.
func Fit(root, task string) (*calib.Table, crossECE, error) {
	files, err := devFiles(root, task)
	if err != nil {
		return nil, crossECE{}, err
	}
	var samples []calib.Sample
	for _, f := range files {
		o := eval.Options{Task: task, Data: filepath.Join(root, f), Mode: eval.ModeRules}
		// The service runs the rules beside the built-in models; each set
		// is decided by the models trained without it, so the map learns
		// how sure the engine is on text the models never saw.
		if task == eval.TaskRoute {
			o.RouteModel, err = learn.RouteBuiltin.Train(root, f)
		} else {
			o.OrderModel, err = learn.OrderBuiltin.Train(root, f)
		}
		if err != nil {
			return nil, crossECE{}, fmt.Errorf("%s: %w", f, err)
		}
		rep, err := eval.Run(context.Background(), o)
		if err != nil {
			return nil, crossECE{}, fmt.Errorf("%s: %w", f, err)
		}
		samples = append(samples, rep.Samples...)
	}
	t := calib.FitTable("rules", task, files, samples)
	if t == nil {
		return nil, crossECE{}, fmt.Errorf("%s: no decision carried a confidence", task)
	}
	return t, crossValidate(samples), nil
}

// crossECE is the expected calibration error of decisions the map was
// not fitted on, raw and calibrated.
type crossECE struct{ raw, cal float64 }

// folds is the number of cross-validation folds.
const folds = 5

// crossValidate maps every decision by a table fitted on the other folds
// (decision i is in fold i mod folds) and returns the ECE of the raw and
// of these out-of-fold calibrated confidences.
func crossValidate(s []calib.Sample) crossECE {
	cal := make([]calib.Sample, len(s))
	for k := range folds {
		var train []calib.Sample
		for i, v := range s {
			if i%folds != k {
				train = append(train, v)
			}
		}
		x, y := calib.Fit(train)
		t := &calib.Table{X: x, Y: y}
		for i := k; i < len(s); i += folds {
			cal[i] = calib.Sample{Conf: t.Apply(s[i].Conf), Correct: s[i].Correct}
		}
	}
	_, r := calib.Reliability(s, eval.ReliabilityBins)
	_, c := calib.Reliability(cal, eval.ReliabilityBins)
	return crossECE{r, c}
}

// devFiles lists the development sets of task, relative to root, without
// any set whose directory holds a HELDOUT file.
func devFiles(root, task string) ([]string, error) {
	files, err := eval.StudiedFiles(root, devSets[task])
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("no development sets for %s under %s", task, root)
	}
	return files, err
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}
