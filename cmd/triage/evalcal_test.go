package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/triage/triage/processors/calib"
)

// TestCmdEvalFitCalibration: --fit-calibration writes a table calib
// parses, for the engine and task run; it refuses a cascade and a set
// marked HELDOUT (checked before anything is read).
func TestCmdEvalFitCalibration(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rules-route.json")
	var stdout, stderr bytes.Buffer
	if code := cmdEval(context.Background(), []string{"--task", "route", "--data", evalData + "route_small.jsonl", "--fit-calibration", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := calib.Parse(data)
	if err != nil || tb.Engine != "rules" || tb.Task != "route" || tb.N != 5 {
		t.Fatalf("table %+v, %v", tb, err)
	}
	if !strings.Contains(stdout.String(), "reliability (5 decisions") {
		t.Errorf("no reliability table:\n%s", stdout.String())
	}

	held := t.TempDir()
	small, _ := os.ReadFile(evalData + "route_small.jsonl")
	_ = os.WriteFile(filepath.Join(held, "tickets.jsonl"), small, 0o644)
	_ = os.WriteFile(filepath.Join(held, "HELDOUT"), nil, 0o644)
	for _, args := range [][]string{
		{"--task", "route", "--data", filepath.Join(held, "tickets.jsonl"), "--fit-calibration", out},
		{"--task", "route", "--data", evalData + "route_small.jsonl", "--mode", "cascade", "--fit-calibration", out},
	} {
		stderr.Reset()
		if code := cmdEval(context.Background(), args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "--fit-calibration") {
			t.Errorf("%v: exit %d, %s; want a usage error naming --fit-calibration", args, code, stderr.String())
		}
	}
}
