package learn

import (
	"context"
	"fmt"
	"testing"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/model"
	"github.com/triage/triage/processors/rules"
)

// figure is one engine's score on a test split.
type figure struct {
	correct, n int
	macroF1    float64 // mean F1 over the gold labels
}

func (f figure) accuracy() float64 { return float64(f.correct) / float64(f.n) }

func (f figure) String() string {
	return fmt.Sprintf("accuracy %.3f (%d/%d) macro-F1 %.3f", f.accuracy(), f.correct, f.n, f.macroF1)
}

func scoreFigure(gold, pred []string) figure {
	tp, fp, fn := map[string]int{}, map[string]int{}, map[string]int{}
	f := figure{n: len(gold)}
	for i, g := range gold {
		if pred[i] == g {
			f.correct++
			tp[g]++
			continue
		}
		fn[g]++
		fp[pred[i]]++
	}
	for g := range fn {
		tp[g] += 0
	}
	for g := range tp {
		if tp[g]+fn[g] == 0 {
			continue
		}
		if tp[g] > 0 {
			p, r := float64(tp[g])/float64(tp[g]+fp[g]), float64(tp[g])/float64(tp[g]+fn[g])
			f.macroF1 += 2 * p * r / (p + r)
		}
	}
	f.macroF1 /= float64(len(tp))
	return f
}

// route runs p on every example and scores the queues.
func route(t *testing.T, p processors.Processor, test []Example) figure {
	t.Helper()
	gold, pred := make([]string, len(test)), make([]string, len(test))
	for i, e := range test {
		out, err := p.Process(context.Background(), processors.Input{Kind: processors.KindTicket, Subject: e.Subject, Body: e.Body})
		if err != nil {
			t.Fatal(err)
		}
		gold[i], pred[i] = e.Label, out.Decision.(*processors.Route).Queue
	}
	return scoreFigure(gold, pred)
}

// The public sets, split for training and test (README, "Learning from
// the LLM"): the rules file, the training split, the test split.
var figureSets = []struct{ name, rules, train, test string }{
	{"Bitext", "../../processors/rules/bitext.yaml", "../../processors/rules/testdata/datasets/bitext/train.jsonl", "../../processors/rules/testdata/datasets/bitext/dev.jsonl"},
	{"HINT3 CureKart", "../../processors/rules/curekart.yaml", "testdata/datasets/hint3/curekart_train.jsonl", "testdata/datasets/hint3/curekart_test.jsonl"},
	{"BANKING77", "testdata/datasets/banking77/rules.yaml", "testdata/datasets/banking77/train.jsonl", "testdata/datasets/banking77/test.jsonl"},
}

// TestCombinedBeatsRules trains on each set's training split with the
// defaults of triage learn and scores rules-only, model-only and combined
// on its test split: the combined engine must beat the rules alone by at
// least 0.3 points of accuracy. Macro-F1 is logged, not asserted: the
// rules' abstentions (their fallback queue, not a gold label of CureKart's
// split) cost no precision in it while the model's wrong answers do, so it
// can fall while accuracy rises (README). About 2 s; 40 s with -race.
func TestCombinedBeatsRules(t *testing.T) {
	for _, s := range figureSets {
		t.Run(s.name, func(t *testing.T) {
			rs, err := rules.Load(s.rules)
			if err != nil {
				t.Fatal(err)
			}
			train, err := ReadLabelled(s.train, 1, SourceLabelled)
			if err != nil {
				t.Fatal(err)
			}
			test, err := ReadLabelled(s.test, 1, SourceLabelled)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Train(train, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			router := rules.NewRouter(rs)
			c, err := model.Combine(router, rs.Version(), rs.Router.Queues, m)
			if err != nil {
				t.Fatal(err)
			}
			r, mo, co := route(t, router, test), route(t, m, test), route(t, c, test)
			t.Logf("%s (train %d, test %d, %s):\n  rules-only %v\n  model-only %v\n  combined   %v", s.name, len(train), len(test), m.Version, r, mo, co)
			sure, right := 0, 0 // how calibrated: tickets the model puts at >= 0.9, and how many of those it gets right
			for _, e := range test {
				if top := m.Predict(e.Subject, e.Body)[0]; top.P >= 0.9 {
					sure++
					if top.Class == e.Label {
						right++
					}
				}
			}
			t.Logf("  model at >= 0.9 on %d of %d tickets, %d of them right", sure, len(test), right)
			if co.accuracy() < r.accuracy()+0.003 {
				t.Errorf("combined accuracy %.4f does not beat rules-only %.4f by 0.003", co.accuracy(), r.accuracy())
			}
		})
	}
}

func TestScoreFigure(t *testing.T) {
	f := scoreFigure([]string{"a", "a", "b", "c"}, []string{"a", "b", "b", "x"})
	// a: P 1 R .5 F1 .667; b: P .5 R 1 F1 .667; c: 0; x is not gold.
	if f.correct != 2 || f.n != 4 || fmt.Sprintf("%.4f", f.macroF1) != "0.4444" {
		t.Errorf("figure %+v", f)
	}
}
