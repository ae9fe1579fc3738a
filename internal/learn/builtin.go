package learn

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/processors/model"
)

// BuiltinSets are the labelled routing sets the built-in routing model
// (model.Builtin) is trained on, as globs relative to the module root:
// the project's route sets and the frozen sets written in strangers'
// voices, all labelled with the default rules' queues. A set whose
// directory holds a HELDOUT file is never read: it is kept for a score
// taken once.
var BuiltinSets = []string{
	"processors/rules/testdata/route_*.jsonl",
	"internal/eval/testdata/frozen/*/tickets.jsonl",
}

// BuiltinPolicy is the built-in model's combining policy: the rules stand
// whatever the model says only when nearly certain (confidence 0.9), the
// model overrules a weaker rules answer at (tempered) probability 0.8,
// and answers at 0.3 when the rules matched nothing. It was chosen on the
// leave-one-set-out accuracy of the frozen sets (README, "The built-in
// routing model").
var BuiltinPolicy = model.Policy{RulesStrong: 0.9, Abstained: 0.3, Overrule: 0.8}

// BuiltinFiles lists the files of BuiltinSets under root, relative to it
// with slashes, sorted, without held-out sets and without the files in
// except (relative paths too; leave-one-set-out checks and the
// calibration fit use it).
func BuiltinFiles(root string, except ...string) ([]string, error) {
	var files []string
	for _, g := range BuiltinSets {
		ms, err := filepath.Glob(filepath.Join(root, g))
		if err != nil {
			return nil, fmt.Errorf("learn: %w", err)
		}
		for _, m := range ms {
			rel, err := filepath.Rel(root, m)
			if err != nil {
				return nil, fmt.Errorf("learn: %w", err)
			}
			rel = filepath.ToSlash(rel)
			if !eval.HeldOut(m) && !slices.Contains(except, rel) {
				files = append(files, rel)
			}
		}
	}
	slices.Sort(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("learn: no labelled routing sets under %s: run from the module root", root)
	}
	return files, nil
}

// builtinFolds matches the sets the built-in model's temperature is
// fitted on, one fold each: the frozen sets, written in strangers' voices.
const builtinFolds = "internal/eval/testdata/frozen/*/tickets.jsonl"

// TrainBuiltin trains the built-in routing model on BuiltinFiles(root,
// except...), with DefaultOptions and BuiltinPolicy, and fits its
// temperature (model.FitTemperature) on out-of-set scores: each frozen set
// scored by the model trained on every other set. It is deterministic:
// the same files give the same model and version.
func TrainBuiltin(root string, except ...string) (*model.Model, error) {
	files, err := BuiltinFiles(root, except...)
	if err != nil {
		return nil, err
	}
	o := DefaultOptions()
	o.Policy, o.Sources = BuiltinPolicy, files
	per := make([][]Example, len(files))
	var all []Example
	for i, f := range files {
		if per[i], err = ReadLabelled(filepath.Join(root, f), 1, SourceLabelled); err != nil {
			return nil, err
		}
		all = append(all, per[i]...)
	}
	m, err := Train(all, o)
	if err != nil {
		return nil, err
	}
	var rows [][]float64
	var gold []int
	for i, f := range files {
		if ok, _ := filepath.Match(builtinFolds, f); !ok {
			continue
		}
		var rest []Example
		for j := range files {
			if j != i {
				rest = append(rest, per[j]...)
			}
		}
		fm, err := Train(rest, o)
		if err != nil {
			return nil, err
		}
		for _, e := range per[i] {
			if c := slices.Index(fm.Classes, e.Label); c >= 0 {
				rows, gold = append(rows, fm.Scores(e.Subject, e.Body)), append(gold, c)
			}
		}
	}
	m.Temperature = model.FitTemperature(rows, gold)
	if err := m.Seal(); err != nil {
		return nil, fmt.Errorf("learn: %w", err)
	}
	return m, nil
}
