package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"

	"github.com/triage/triage/internal/pipeline"
)

// PhaseRunner runs one phase and returns what it measured.
type PhaseRunner func(ctx context.Context, spec PhaseSpec) PhaseResult

// InProcess runs phases in this process (tests, or when no binary is at
// hand): CPU and peak RSS then include the bench itself and, with the
// embedded broker, the broker.
func InProcess(version string) PhaseRunner {
	return func(ctx context.Context, spec PhaseSpec) PhaseResult { return RunPhase(ctx, spec, version) }
}

// Exec runs each phase in a child process, exe args..., which must call
// ServePhase (triage bench --phase): the spec goes to its stdin as JSON,
// the result comes back on its stdout, its stderr is passed to stderr.
// CPU and peak RSS are then the phase's own.
func Exec(exe string, args []string, stderr io.Writer) PhaseRunner {
	return func(ctx context.Context, spec PhaseSpec) PhaseResult {
		in, err := json.Marshal(spec)
		if err != nil {
			return PhaseResult{Kind: spec.Kind, Err: fmt.Sprintf("bench: encode phase: %v", err)}
		}
		var out bytes.Buffer
		cmd := exec.CommandContext(ctx, exe, args...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(in), &out, stderr
		runErr := cmd.Run()
		var res PhaseResult
		if err := json.Unmarshal(out.Bytes(), &res); err != nil {
			return PhaseResult{Kind: spec.Kind, Err: fmt.Sprintf("bench: phase process %s: %v; no result (%v)", exe, runErr, err)}
		}
		res.Isolated = true
		return res
	}
}

// ServePhase is the child side of Exec: it reads a PhaseSpec from in, runs
// it with RunPhase (a pipeline phase under the memory limit triage run
// sets) and writes the PhaseResult to out. It fails only when
// the spec cannot be read or the result written; a failed phase is
// reported in the result.
func ServePhase(ctx context.Context, in io.Reader, out io.Writer, version string) error {
	var spec PhaseSpec
	if err := json.NewDecoder(in).Decode(&spec); err != nil {
		return fmt.Errorf("bench: read phase spec: %w", err)
	}
	if spec.Kind == Pipeline {
		pipeline.SetMemoryLimit(spec.Config, os.LookupEnv) // as triage run does
	}
	res := RunPhase(ctx, spec, version)
	return json.NewEncoder(out).Encode(res)
}

// Self is Exec of this very binary with "bench --phase".
func Self(stderr io.Writer) (PhaseRunner, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("bench: find own binary: %w", err)
	}
	return Exec(exe, []string{"bench", "--phase"}, stderr), nil
}
