package calib

import (
	"context"
	"sync/atomic"

	"github.com/triage/triage/processors"
)

// Calibrated maps the confidence of every output of the wrapped processor
// through t, and appends t's version to the output's engine_version (the
// raw confidence is the engine's own; the engine version says which map
// gave the published one). Outputs without a confidence, errors, and a nil
// t pass through unchanged. It adds no blocking of its own.
func Calibrated(t *Table) processors.Middleware {
	return func(next processors.Processor) processors.Processor {
		if t == nil {
			return next
		}
		v := "+" + t.Version()
		var last atomic.Pointer[[2]string] // the last engine version seen, and it with v
		return processors.Func(func(ctx context.Context, in processors.Input) (processors.Output, error) {
			out, err := next.Process(ctx, in)
			if pv := &out.Provenance; err == nil && pv.Confidence != nil {
				c := t.Apply(*pv.Confidence)
				pv.Confidence = &c
				if l := last.Load(); l != nil && l[0] == pv.EngineVersion {
					pv.EngineVersion = l[1] // an engine's version rarely changes: made once
				} else {
					l = &[2]string{pv.EngineVersion, pv.EngineVersion + v}
					last.Store(l)
					pv.EngineVersion = l[1]
				}
			}
			return out, err
		})
	}
}
