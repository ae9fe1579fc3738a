package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/triage/triage/internal/config"
)

func tinyOptions(t *testing.T) Options {
	sizes, _ := ParseSizes("300:50,2048:50")
	mix, _ := ParseMix("60:35:5")
	cfg := config.Default()
	cfg.Kafka.ShutdownTimeout = 5 * time.Second
	return Options{Config: cfg, Records: 300, Partitions: 3, Keys: 40, Sizes: sizes, Mix: mix, Phases: []string{Passthrough, Pipeline},
		Verify: true, Stall: time.Minute, Seed: 1, Run: InProcess("test"), Progress: tlog{t}}
}

type tlog struct{ t *testing.T }

func (l tlog) Write(p []byte) (int, error) { l.t.Log(strings.TrimSpace(string(p))); return len(p), nil }

// TestBacklogOnEmbeddedBroker runs a tiny backlog bench end to end on the
// embedded broker: both phases finish every record, nothing is lost or
// reordered, and the report prints each phase and the ratio.
func TestBacklogOnEmbeddedBroker(t *testing.T) {
	rep, err := Run(context.Background(), tinyOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rep.Outcomes) != 2 || rep.Seeded.Records != 300 || rep.Seeded.Bad == 0 {
		t.Fatalf("outcomes %d, seeded %+v", len(rep.Outcomes), rep.Seeded)
	}
	for _, o := range rep.Outcomes {
		if o.Records != 300 || o.Outputs != 300 || o.Verdict == nil || o.Verdict.Records != 300 || o.Elapsed <= 0 || o.CPU <= 0 || o.MaxRSS <= 0 {
			t.Errorf("%s: %+v", o.Kind, o)
		}
	}
	if rep.Ratio() <= 0 {
		t.Error("no ratio")
	}
	var table, md bytes.Buffer
	rep.Table(&table)
	rep.Markdown(&md, "triage bench --records 300", "abc123")
	for _, want := range []string{"passthrough", "pipeline", "pipeline / passthrough", "300 inputs: 0 lost"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
	for _, want := range []string{"`triage bench --records 300`", "commit: abc123", "machine: ", "| passthrough |"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
}

// TestPacedAndLLMOnEmbeddedBroker runs the paced mode (latency figures
// present) and the LLM mode (every record answered by the simulator, order
// kept, bound computed) briefly.
func TestPacedAndLLMOnEmbeddedBroker(t *testing.T) {
	o := tinyOptions(t)
	o.Rate, o.Duration, o.Phases = 100, 2*time.Second, []string{Pipeline}
	rep, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Err(); err != nil {
		t.Fatal(err)
	}
	if got := rep.Outcomes[0]; got.Latency == nil || got.Outputs != 200 {
		t.Fatalf("paced: %+v", got)
	}

	o = tinyOptions(t)
	o.Mix, _ = ParseMix("50:50:0")
	o.Records, o.Phases, o.LLM, o.LLMLatency, o.LLMConcurrency = 120, []string{Pipeline}, true, 5*time.Millisecond, 16
	o.Config.Kafka.MaxInFlight = 16
	rep, err = Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Err(); err != nil {
		t.Fatal(err)
	}
	if rep.LLMAnswered != 120 || rep.Bound != 16/0.005 || rep.Outcomes[0].Verdict.Inversions != 0 {
		t.Fatalf("LLM: answered %d, bound %v, verdict %+v", rep.LLMAnswered, rep.Bound, rep.Outcomes[0].Verdict)
	}
	var table bytes.Buffer
	rep.Table(&table)
	if !strings.Contains(table.String(), "of the bound") || !strings.Contains(table.String(), "without fill and drain") {
		t.Errorf("table lacks the bound:\n%s", table.String())
	}
}
