package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/triage/triage/internal/config"
)

// TestBenchCommand runs "triage bench" briefly on the embedded broker (no
// brokers configured anywhere), phases in process, and appends the
// markdown section to --out.
func TestBenchCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	var stdout, stderr bytes.Buffer
	noEnv := func(string) (string, bool) { return "", false }
	code := dispatch(context.Background(), []string{"bench", "--records", "200", "--partitions", "2", "--keys", "20", "--in-process", "--out", out}, &stdout, &stderr, noEnv)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	for _, want := range []string{"embedded kfake", "passthrough", "pipeline", "200 inputs: 0 lost"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
		}
	}
	md, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(md), "`triage bench --records 200") {
		t.Errorf("--out: %v\n%s", err, md)
	}
}

// TestBenchCPUProfile: --cpuprofile writes the pipeline phase's profile.
func TestBenchCPUProfile(t *testing.T) {
	prof := filepath.Join(t.TempDir(), "cpu.pprof")
	var stdout, stderr bytes.Buffer
	noEnv := func(string) (string, bool) { return "", false }
	args := []string{"bench", "--records", "200", "--partitions", "2", "--keys", "20", "--phases", "pipeline", "--verify=false", "--in-process", "--cpuprofile", prof}
	if code := dispatch(context.Background(), args, &stdout, &stderr, noEnv); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	b, err := os.ReadFile(prof)
	if err != nil || !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) { // pprof profiles are gzipped protobuf
		t.Fatalf("--cpuprofile wrote no profile: %v (%d bytes)", err, len(b))
	}
}

func TestBenchRejectsBadFlags(t *testing.T) {
	noEnv := func(string) (string, bool) { return "", false }
	for _, args := range [][]string{{"--mix", "1:2"}, {"--size", "big"}, {"--phases", "nope"}, {"--records", "0"}, {"--rate", "10", "--duration", "0s"}} {
		var stdout, stderr bytes.Buffer
		if code := dispatch(context.Background(), append([]string{"bench"}, args...), &stdout, &stderr, noEnv); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr.String())
		}
	}
}

func TestBenchLLMConcurrencySetting(t *testing.T) {
	o := config.Overrides{}
	llmConcurrency(o, 7)
	if len(o) != 1 || (o["llm.concurrency"] != "7" && o["kafka.max_in_flight"] != "7") {
		t.Fatalf("overrides %v, want llm.concurrency or kafka.max_in_flight = 7", o)
	}
	for k := range o {
		given := config.Overrides{k: "3"}
		llmConcurrency(given, 7)
		if given[k] != "3" {
			t.Errorf("a --%s given on the command line was replaced: %v", k, given)
		}
	}
}
