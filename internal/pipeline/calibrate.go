package pipeline

import (
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/calib"
)

// calibration is the embedded calibration table of engine ("rules" or
// "llm") for processor name ("route", "extract"); nil when none (the raw
// confidence is then used as is).
func calibration(engine, name string) *calib.Table { return calib.Default(engine, name) }

// calibrated maps engine's confidences for processor name through its
// table, before any gate reads them (llm.rules_first_min_confidence,
// llm.min_confidence, review thresholds) and before they are published.
func calibrated(engine, name string) processors.Middleware {
	return calib.Calibrated(calibration(engine, name))
}

// calVersion is what the table of engine adds to a version: "+" and its
// version, or nothing without one. Calibrated appends the same to the
// output's engine_version.
func calVersion(engine, name string) string {
	if t := calibration(engine, name); t != nil {
		return "+" + t.Version()
	}
	return ""
}
