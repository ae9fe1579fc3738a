package model_test

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/triage/triage/processors/model"
)

// BenchmarkBuiltinPredict1KB predicts the queue of texts of about 1 KB
// (consecutive ticket bodies of a frozen set) with the built-in routing
// model: the cost the model adds to each ticket the rules route. The order
// model costs the same per byte, on the emails the rules read as orders.
func BenchmarkBuiltinPredict1KB(b *testing.B) {
	m, err := model.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open("../../internal/eval/testdata/frozen/2026-11-29b/tickets.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var texts []string
	cur := ""
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct{ Body string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			b.Fatal(err)
		}
		if cur += rec.Body + "\n"; len(cur) >= 960 {
			texts, cur = append(texts, cur[:min(len(cur), 1024)]), ""
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.Predict("", texts[i%len(texts)])
	}
}
