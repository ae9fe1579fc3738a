package rules

import (
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"os"
	"testing"
)

// bitextDir holds the Bitext sample (CDLA-Sharing-1.0, see its LICENSE),
// relative to this package in the workspace layout.
const bitextDir = "../../../shared/data/bitext/"

// bitextScore routes every utterance of a Bitext CSV file with bitext.yaml
// and scores the predicted categories; it skips t when the file is absent.
func bitextScore(t *testing.T, file string) RouteMetrics {
	t.Helper()
	f, err := os.Open(bitextDir + file)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("Bitext data not present at %s%s; skipping", bitextDir, file)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := Load("bitext.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rt := NewRouter(r)
	rd := csv.NewReader(f)
	header, err := rd.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	if _, ok := col["utterance"]; !ok {
		t.Fatalf("%s: no utterance column in %v", file, header)
	}
	var gold, pred []string
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got, _ := rt.Route("", rec[col["utterance"]])
		gold, pred = append(gold, rec[col["category"]]), append(pred, got.Queue)
	}
	return ScoreRoutes(gold, pred)
}

// TestBitextTrain reports accuracy on the data the rules were written from.
func TestBitextTrain(t *testing.T) {
	m := bitextScore(t, "train.csv")
	t.Logf("Bitext train (seen while writing the rules):\n%s", m)
}

// TestBitextDev measures bitext.yaml on held-out data.
func TestBitextDev(t *testing.T) {
	m := bitextScore(t, "dev.csv")
	t.Logf("Bitext dev (held out):\n%s", m)
	if m.Accuracy < 0.80 {
		t.Errorf("Bitext dev accuracy %.3f < 0.80", m.Accuracy)
	}
}
