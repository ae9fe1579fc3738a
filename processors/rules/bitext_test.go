package rules_test

import (
	"testing"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/processors/rules"
)

// bitextDir holds the Bitext sample (CDLA-Sharing-1.0, see its LICENSE)
// converted to cases by internal/eval/convert.
const bitextDir = "testdata/datasets/bitext/"

// bitextScore routes every utterance of a converted Bitext file with
// bitext.yaml and scores the predicted categories.
func bitextScore(t *testing.T, file string) *eval.RouteResult {
	t.Helper()
	r, err := rules.Load("bitext.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return routeScoreFile(t, r, bitextDir+file)
}

// TestBitextTrain reports accuracy on the data the rules were written from.
func TestBitextTrain(t *testing.T) {
	m := bitextScore(t, "train.jsonl")
	t.Logf("Bitext train (seen while writing the rules):\n%s", m)
}

// TestBitextDev measures bitext.yaml on held-out data.
func TestBitextDev(t *testing.T) {
	m := bitextScore(t, "dev.jsonl")
	t.Logf("Bitext dev (held out):\n%s", m)
	if m.Accuracy < 0.80 {
		t.Errorf("Bitext dev accuracy %.3f < 0.80", m.Accuracy)
	}
}
