package bench

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// profile is a phase's optional CPU profile. Not safe for concurrent use:
// the phase's watch loop alone drives it.
type profile struct {
	path string
	f    *os.File
	err  error
}

func newProfile(path string) *profile { return &profile{path: path} }

// start wraps fetched so that the profile starts at the first fetched
// record, when the measured window opens. Without a path it returns
// fetched as is.
func (p *profile) start(fetched func() int64) func() int64 {
	if p.path == "" {
		return fetched
	}
	return func() int64 {
		n := fetched()
		if n > 0 && p.f == nil && p.err == nil {
			p.f, p.err = os.Create(p.path)
			if p.err == nil {
				p.err = pprof.StartCPUProfile(p.f)
			}
		}
		return n
	}
}

// stop ends the profile and closes its file; it reports why the profile
// could not be written, or nil (also when none was asked for or started).
func (p *profile) stop() error {
	if p.f != nil {
		if p.err == nil {
			pprof.StopCPUProfile()
		}
		if err := p.f.Close(); p.err == nil {
			p.err = err
		}
	}
	if p.err != nil {
		return fmt.Errorf("bench: --cpuprofile %s: %w", p.path, p.err)
	}
	return nil
}
