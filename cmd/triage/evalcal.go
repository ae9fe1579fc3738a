package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/processors/calib"
)

// checkFitCalibration refuses a calibration fit that would be wrong: on a
// cascade (its confidences come from two engines), or on a held-out set (a
// directory holding a HELDOUT file is scored once and never fitted on).
func checkFitCalibration(o eval.Options) error {
	if o.Mode != eval.ModeRules && o.Mode != eval.ModeLLM {
		return fmt.Errorf("triage eval: --fit-calibration needs --mode rules or llm (a cascade mixes two engines' confidences)")
	}
	if eval.HeldOut(o.Data) {
		return fmt.Errorf("triage eval: --fit-calibration: %s is a held-out set (HELDOUT): never fit on it", o.Data)
	}
	return nil
}

// writeCalibration fits a table to the run's raw confidences and writes
// it to path, in the format processors/calib embeds (tables/ENGINE-TASK.json).
func writeCalibration(path string, o eval.Options, rep eval.Report) error {
	engine := "rules"
	if o.Mode == eval.ModeLLM {
		engine = "llm"
	}
	t := calib.FitTable(engine, o.Task, []string{filepath.ToSlash(o.Data)}, rep.Samples)
	if t == nil {
		return fmt.Errorf("triage eval: --fit-calibration: no decision carried a confidence")
	}
	b, _ := json.MarshalIndent(t, "", " ")
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("triage eval: --fit-calibration: %w", err)
	}
	return nil
}
