package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/pipeline"
)

// Phase kinds.
const (
	Passthrough = "passthrough" // raw kafka-go consume → produce → commit
	Pipeline    = "pipeline"    // the real triage pipeline (pipeline.Build + its runner)
)

// PhaseSpec is one measured consumer: which kind, on which topics, and how
// many records it must finish. It travels as JSON to a child process.
type PhaseSpec struct {
	Kind string
	// Config is the triage configuration: brokers and security for both
	// kinds; for Pipeline the whole configuration, topics and group set.
	Config config.Config
	// Inputs, Output and Group are the passthrough's topics and group.
	Inputs []string
	Output string
	Group  string
	Expect int64         // records to finish before the phase stops
	Stall  time.Duration // give up after this long without progress
	// CPUProfile, if set, is where the phase writes a CPU profile (pprof
	// format) of its measured window: first fetched to last finished.
	CPUProfile string `json:",omitempty"`
}

// PhaseResult is what one phase measured.
type PhaseResult struct {
	Kind    string
	Records int64         // finished (published or dead-lettered)
	Elapsed time.Duration // from the first fetched record to the Expect-th finished one
	// Steady is the rate, records a second, between the moments 10% and
	// 90% of Expect were finished: the run without its fill and drain.
	Steady float64       `json:",omitempty"`
	CPU    time.Duration // user+system CPU of the process over Elapsed
	// Resident set of the phase's process (ReadMemory: its own memory
	// map, not getrusage, which counts the bench that started it): RunRSS
	// is the peak up to the Expect-th finished record, MaxRSS the peak
	// over the whole phase (start-up, the run and the consumer's shutdown),
	// EndRSS what is resident after the consumer stopped. Bytes.
	RunRSS   int64 `json:",omitempty"`
	MaxRSS   int64
	EndRSS   int64  `json:",omitempty"`
	Isolated bool   // measured in a process of its own (else CPU and RSS include the bench itself)
	Err      string `json:",omitempty"`
}

// Rate is records per second.
func (r PhaseResult) Rate() float64 { return float64(r.Records) / max(r.Elapsed.Seconds(), 1e-9) }

// CPUPerRecord is the CPU spent per finished record.
func (r PhaseResult) CPUPerRecord() time.Duration {
	return r.CPU / time.Duration(max(r.Records, 1))
}

// RunPhase runs one phase in this process until spec.Expect records are
// finished, the phase stalls or ctx ends, then stops its consumer (which
// commits what finished) and returns. Errors are in the result's Err.
func RunPhase(ctx context.Context, spec PhaseSpec, version string) PhaseResult {
	res := PhaseResult{Kind: spec.Kind}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var fetched, finished func() int64
	var run func(context.Context) error
	switch spec.Kind {
	case Passthrough:
		pt, err := newPassthrough(spec)
		if err != nil {
			res.Err = err.Error()
			return res
		}
		fetched, finished, run = pt.fetched.Load, pt.done.Load, pt.run
	case Pipeline:
		p, err := pipeline.Build(spec.Config, slog.New(slog.DiscardHandler), version, pipeline.Hooks{})
		if err != nil {
			res.Err = err.Error()
			return res
		}
		defer p.Close()
		fetched = func() int64 { return p.Runner.Stats().Fetched }
		finished = func() int64 { s := p.Runner.Stats(); return s.Published + s.DeadLettered }
		run = p.Run
	default:
		res.Err = fmt.Sprintf("bench: unknown phase %q", spec.Kind)
		return res
	}
	var runErr error
	stopped := make(chan struct{})
	go func() { runErr = run(ctx); close(stopped) }()
	prof := newProfile(spec.CPUProfile)
	w, err := watch(ctx, prof.start(fetched), finished, spec.Expect, spec.Stall, stopped)
	err = errors.Join(err, prof.stop())
	res.Records, res.Elapsed, res.CPU, res.RunRSS, res.Steady = w.records, w.elapsed, w.cpu, w.peak, w.steady
	cancel()
	<-stopped
	if err != nil && runErr != nil {
		err = fmt.Errorf("%w (the consumer said: %v)", err, runErr)
	}
	if err != nil {
		res.Err = err.Error()
	}
	mem := ReadMemory()
	res.MaxRSS, res.EndRSS = mem.Peak, mem.Now
	return res
}

type watched struct {
	records      int64
	elapsed, cpu time.Duration
	peak         int64   // ReadMemory().Peak when expect records were finished
	steady       float64 // records a second between 10% and 90% of expect finished
}

// watch polls the counters every millisecond: it starts the clock and the
// CPU count at the first fetched record and stops them when expect records
// are finished, noting when 10% and 90% of them were. It fails when the consumer stopped (stopped closed),
// nothing finished for stall, or ctx ended.
func watch(ctx context.Context, fetched, finished func() int64, expect int64, stall time.Duration, stopped <-chan struct{}) (watched, error) {
	if stall <= 0 {
		stall = 2 * time.Minute
	}
	var w watched
	var t0 time.Time
	var u0 Usage
	last, lastAt := int64(-1), time.Now()
	var t10, t90 time.Time
	var n10, n90 int64
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return w, ctx.Err()
		case <-stopped:
			return w, fmt.Errorf("bench: the consumer stopped after %d of %d records", w.records, expect)
		case <-tick.C:
		}
		if t0.IsZero() && fetched() > 0 {
			t0, u0 = time.Now(), ReadUsage()
		}
		n := finished()
		if now := time.Now(); !t0.IsZero() {
			if t10.IsZero() && n >= expect/10 {
				t10, n10 = now, n
			}
			if t90.IsZero() && n >= expect-expect/10 {
				t90, n90 = now, n
				if t90.After(t10) {
					w.steady = float64(n90-n10) / t90.Sub(t10).Seconds()
				}
			}
		}
		if n >= expect && !t0.IsZero() {
			w.records, w.elapsed, w.cpu = n, time.Since(t0), ReadUsage().CPU-u0.CPU
			w.peak = ReadMemory().Peak
			return w, nil
		}
		if n != last {
			last, lastAt, w.records = n, time.Now(), n
		} else if time.Since(lastAt) > stall {
			return w, fmt.Errorf("bench: only %d of %d records finished, none in the last %s", n, expect, stall)
		}
	}
}
