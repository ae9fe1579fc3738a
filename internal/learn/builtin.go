package learn

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/processors/model"
)

// Builtin describes one of the models embedded in processors/model: the
// labelled sets it is trained on, as globs relative to the module root
// (a set whose directory holds a HELDOUT file is never read: it is kept
// for a score taken once), the sets its temperature is fitted on (one
// fold each), how a set is read, and its combining policy.
type Builtin struct {
	Name  string   // the file under processors/model/builtin, without .json
	Sets  []string // globs of the training sets
	Folds string   // glob of the sets the temperature is fitted on
	Read  func(path string) ([]Example, error)
	// Features are the features the model reads; zero means
	// model.DefaultFeatures.
	Features model.Features
	// Policy is the combining policy written into the model.
	Policy model.Policy
}

// RouteBuiltin is the built-in routing model (model.Builtin): the
// project's route sets and the frozen sets written in strangers' voices,
// all labelled with the default rules' queues. Its policy: the rules
// stand whatever the model says only when nearly certain (confidence
// 0.9), the model overrules a weaker rules answer at (tempered)
// probability 0.8 and answers at 0.3 when the rules matched nothing;
// chosen on the leave-one-set-out accuracy of the frozen sets (README,
// "The built-in routing model").
//
// It reads words and word pairs, no character n-grams: left out one set at
// a time it routes as well or better without them on every frozen set
// (mean 0.982 against 0.977) at a third of the cost per ticket.
var RouteBuiltin = Builtin{
	Name:     "route",
	Sets:     []string{"processors/rules/testdata/route_*.jsonl", "internal/eval/testdata/frozen/*/tickets.jsonl"},
	Folds:    "internal/eval/testdata/frozen/*/tickets.jsonl",
	Read:     func(path string) ([]Example, error) { return ReadLabelled(path, 1, SourceLabelled) },
	Features: model.Features{WordNgrams: 2},
	Policy:   model.Policy{RulesStrong: 0.9, Abstained: 0.3, Overrule: 0.8},
}

// OrderBuiltin is the built-in order model (model.BuiltinOrders): whether
// an email orders anything, learnt from the project's order sets and the
// frozen email sets. Its policy (model.CombineOrders): no rules order
// stands on its confidence alone, and the model declines one when it
// puts no order at 0.95 or more; chosen on the leave-one-set-out figures
// of the frozen sets (README, "The built-in order model").
var OrderBuiltin = Builtin{
	Name:   "orders",
	Sets:   []string{"processors/rules/testdata/orders*.jsonl", "internal/eval/testdata/frozen/*/emails.jsonl"},
	Folds:  "internal/eval/testdata/frozen/*/emails.jsonl",
	Read:   func(path string) ([]Example, error) { return ReadLabelledOrders(path, 1, SourceLabelled) },
	Policy: model.Policy{RulesStrong: 1, Abstained: 1, Overrule: 0.95},
}

// Files lists the files of b.Sets under root, relative to it with
// slashes, sorted, without held-out sets and without the files in except
// (relative paths too; leave-one-set-out checks and the calibration fit
// use it).
func (b Builtin) Files(root string, except ...string) ([]string, error) {
	files, err := eval.StudiedFiles(root, b.Sets, except...)
	if err != nil {
		return nil, fmt.Errorf("learn: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("learn: no labelled sets for the %s model under %s: run from the module root", b.Name, root)
	}
	return files, nil
}

// Fold reports whether the file rel is one of b's temperature folds.
func (b Builtin) Fold(rel string) bool {
	ok, _ := filepath.Match(b.Folds, rel)
	return ok
}

// Train trains b on b.Files(root, except...), with DefaultOptions and
// b.Policy, and fits its temperature (model.FitTemperature) on out-of-set
// scores: each fold scored by the model trained on every other set. It
// is deterministic: the same files give the same model and version.
func (b Builtin) Train(root string, except ...string) (*model.Model, error) {
	files, err := b.Files(root, except...)
	if err != nil {
		return nil, err
	}
	o := DefaultOptions()
	o.Policy, o.Sources = b.Policy, files
	if b.Features != (model.Features{}) {
		o.Features = b.Features
	}
	per := make([][]Example, len(files))
	var all []Example
	for i, f := range files {
		if per[i], err = b.Read(filepath.Join(root, f)); err != nil {
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
		if !b.Fold(f) {
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
